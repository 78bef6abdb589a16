using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>
/// The text/calendar part of an invitation: METHOD:REQUEST, one UID per roundtable (so updates replace the
/// event), SEQUENCE from <see cref="CalendarSequence"/>, a VTIMEZONE with its STANDARD and DAYLIGHT rules, and the
/// recipient as ATTENDEE with RSVP=TRUE.
/// </summary>
public static class CalendarInvite
{
    public sealed record Attendee(string Name, string Email);

    private const string EndEvent = "END:VEVENT\r\n";

    public static string Uid(long roundtableId, string domain) => $"roundtable-{roundtableId}@{domain}";

    /// <summary>
    /// The calendar without its attendee, serialized once per mailing by Ical.Net (the costly part); each recipient's
    /// copy then only adds its ATTENDEE line (<see cref="For"/>).
    /// </summary>
    public static string Template(GetRoundtable.Row rt, int sequence, string organizerName, string organizerEmail, string description, DateTime stampUtc, string uidDomain)
    {
        var calendar = new Calendar { Method = "REQUEST" };
        // Built from the IANA rules (not `new VTimeZone(id)`, which writes no STANDARD/DAYLIGHT and Outlook rejects).
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(rt.TimeZone, rt.Start.AddYears(-1).ToDateTime(TimeOnly.MinValue), includeHistoricalData: false));
        calendar.Events.Add(new CalendarEvent
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
        });
        var text = new CalendarSerializer().SerializeToString(calendar)!;
        return text.Contains(EndEvent, StringComparison.Ordinal) ? text : throw new InvalidOperationException("Unexpected calendar text.");
    }

    /// <summary>One recipient's calendar: the template with their ATTENDEE line, folded at 75 octets.</summary>
    public static string For(string template, Attendee attendee)
    {
        // RFC 5545: a quoted parameter value may hold anything but control characters and DQUOTE.
        var name = new string(attendee.Name.Where(c => c != '"' && !char.IsControl(c)).ToArray());
        var line = $"ATTENDEE;CN=\"{name}\";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{attendee.Email}";
        var at = template.LastIndexOf(EndEvent, StringComparison.Ordinal);
        return string.Concat(template.AsSpan(0, at), Fold(line), template.AsSpan(at));
    }

    public static string Build(GetRoundtable.Row rt, int sequence, string organizerName, string organizerEmail,
        Attendee attendee, string description, DateTime stampUtc, string uidDomain) =>
        For(Template(rt, sequence, organizerName, organizerEmail, description, stampUtc, uidDomain), attendee);

    /// <summary>Lines of at most 75 octets, continued with a leading space, never splitting a UTF-8 character.</summary>
    private static string Fold(string line)
    {
        var result = new StringBuilder(line.Length + 16);
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                result.Append("\r\n ");
                octets = 1;
                limit = 75;
            }
            result.Append(rune.ToString());
            octets += size;
        }
        return result.Append("\r\n").ToString();
    }
}
