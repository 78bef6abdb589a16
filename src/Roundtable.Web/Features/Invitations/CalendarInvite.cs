using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>
/// The text/calendar part of an invitation: METHOD:REQUEST, one UID per roundtable (so updates replace the
/// event), SEQUENCE from <see cref="CalendarSequence"/>, a VTIMEZONE with its STANDARD and DAYLIGHT rules.
/// </summary>
public static class CalendarInvite
{
    public sealed record Attendee(string Name, string Email);

    public static string Uid(long roundtableId, string domain) => $"roundtable-{roundtableId}@{domain}";

    public static string Build(GetRoundtable.Row rt, int sequence, string organizerName, string organizerEmail,
        Attendee attendee, string description, DateTime stampUtc, string uidDomain)
    {
        var calendar = new Calendar { Method = "REQUEST" };
        // Built from the IANA rules (not `new VTimeZone(id)`, which writes no STANDARD/DAYLIGHT and Outlook rejects).
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(rt.TimeZone, rt.Start.AddYears(-1).ToDateTime(TimeOnly.MinValue), includeHistoricalData: false));
        var e = new CalendarEvent
        {
            Uid = Uid(rt.Id, uidDomain),
            Sequence = sequence,
            Summary = rt.Title,
            Description = description,
            Location = rt.Venue,
            DtStamp = new CalDateTime(stampUtc, true),
            DtStart = new CalDateTime(rt.Start, TimeOnly.ParseExact(rt.StartTime, "HH:mm"), rt.TimeZone),
            DtEnd = new CalDateTime(rt.End, TimeOnly.ParseExact(rt.EndTime, "HH:mm"), rt.TimeZone),
            Status = "CONFIRMED",
            Transparency = "OPAQUE",
            Organizer = new Organizer("mailto:" + organizerEmail) { CommonName = organizerName },
        };
        e.Attendees.Add(new Ical.Net.DataTypes.Attendee("mailto:" + attendee.Email)
        {
            CommonName = attendee.Name,
            Rsvp = true,
            ParticipationStatus = "NEEDS-ACTION",
            Role = "REQ-PARTICIPANT",
        });
        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
