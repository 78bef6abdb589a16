using Ical.Net;
using MimeKit;

namespace Roundtable.Web.Features.Inbox;

/// <summary>
/// An iTIP answer (METHOD:REPLY) as Outlook, Gmail and Apple Calendar send it when an invitee presses Accept,
/// Maybe or Decline: which event (UID, SEQUENCE), who answered (ATTENDEE, PARTSTAT, a delegate), the organizer it
/// is addressed to, and a comment if the calendar sent one (COMMENT, or Apple's X-RESPONSE-COMMENT).
/// </summary>
public sealed record CalendarReply(
    string Uid, int Sequence, string Attendee, string PartStat, string? Comment, string? Organizer, string? DelegatedTo, string? DelegatedFrom)
{
    /// <summary>The RSVP answer it stands for, or null (NEEDS-ACTION, DELEGATED, anything else).</summary>
    public string? Answer => PartStat.ToUpperInvariant() switch
    {
        "ACCEPTED" => "accepted",
        "DECLINED" => "declined",
        "TENTATIVE" => "tentative",
        _ => null,
    };

    /// <summary>The message's calendar part, if it has one (text/calendar, or an .ics attached as application/ics).</summary>
    public static TextPart? CalendarPart(MimeMessage message) =>
        message.BodyParts.OfType<TextPart>().FirstOrDefault(p =>
            p.ContentType.IsMimeType("text", "calendar") || p.ContentType.IsMimeType("application", "ics")
            || (p.FileName?.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ?? false));

    /// <summary>
    /// Reads a REPLY out of a calendar text. Null with a reason for what is not one: malformed text, another
    /// METHOD, no event, no or several attendees.
    /// </summary>
    public static (CalendarReply? Reply, string? Problem) Parse(string text)
    {
        Calendar? calendar;
        try
        {
            calendar = Calendar.Load(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, "The calendar part is not valid iCalendar: " + e.Message);
        }
        if (calendar is null)
        {
            return (null, "The calendar part is empty.");
        }
        if (!string.Equals(calendar.Method, "REPLY", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"The calendar part is a {(string.IsNullOrEmpty(calendar.Method) ? "calendar without METHOD" : "METHOD:" + calendar.Method)}, not a reply.");
        }
        var events = calendar.Events.ToList();
        if (events.Count != 1)
        {
            return (null, $"A reply must answer one event; this one has {events.Count}.");
        }
        var evt = events[0];
        if (string.IsNullOrEmpty(evt.Uid))
        {
            return (null, "The reply has no UID.");
        }
        var attendees = evt.Attendees.ToList();
        if (attendees.Count != 1 || attendees[0].Value is null)
        {
            return (null, $"A reply must name one attendee; this one names {attendees.Count}.");
        }
        var a = attendees[0];
        var comment = evt.Comments.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
            ?? a.Parameters.Get("X-RESPONSE-COMMENT");
        return (new CalendarReply(
            evt.Uid,
            evt.Sequence,
            Address(a.Value) ?? "",
            a.ParticipationStatus ?? "NEEDS-ACTION",
            string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            evt.Organizer?.Value is { } o ? Address(o) : null,
            a.DelegatedTo?.Select(Address).FirstOrDefault(d => d is not null),
            a.DelegatedFrom?.Select(Address).FirstOrDefault(d => d is not null)), null);
    }

    /// <summary>The address of a mailto: URI (or of a bare address, as some clients write), lower-cased.</summary>
    public static string? Address(Uri? uri) => uri is null ? null : Address(uri.OriginalString);

    public static string? Address(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var v = value.Trim().Trim('"');
        if (v.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            v = v[7..];
        }
        v = Uri.UnescapeDataString(v);
        return v.Contains('@') ? v.ToLowerInvariant() : null;
    }
}
