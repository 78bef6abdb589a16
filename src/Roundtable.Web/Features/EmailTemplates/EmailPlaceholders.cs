namespace Roundtable.Web.Features.EmailTemplates;

/// <summary>The mails organizers can reword, and every placeholder their templates may use.</summary>
public static class EmailPlaceholders
{
    public sealed record Kind(string Name, string Label, string Purpose)
    {
        /// <summary>The label inside a sentence: "invitation", but "RSVP confirmation".</summary>
        public string InSentence => Label.Length > 1 && char.IsUpper(Label[1]) ? Label : char.ToLowerInvariant(Label[0]) + Label[1..];
    }

    public static readonly IReadOnlyList<Kind> Kinds =
    [
        new("invitation", "Invitation", "Sent to invitees with the RSVP links and the calendar invitation; also used for updates after the date, time or venue change."),
        new("rsvp_confirmation", "RSVP confirmation", "Sent when an invitee answers or changes the answer."),
        new("reminder", "Reminder", "Sent to invitees who have not answered, a set number of days before the roundtable."),
        new("report", "Report", "Sent with the published report: the summary, the recipient's own link to read it, and the PDF attached."),
    ];

    public static Kind? Find(string? name) => Kinds.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind called <paramref name="name"/>, for code past the controller's check that it exists.</summary>
    public static Kind Get(string name) =>
        Find(name) ?? throw new ArgumentException($"No mail template is called \"{name}\".", nameof(name));

    // The mails an invitee receives, which carry the RSVP links.
    private static readonly string[] InviteeMails = ["invitation", "rsvp_confirmation", "reminder"];

    /// <summary>Every placeholder, with the mails that fill it (none named: every mail).</summary>
    public static readonly IReadOnlyList<(string Name, string Description, string[] Only)> All =
    [
        ("recipient.name", "The recipient's name as printed, e.g. “Eleanor Voss”.", []),
        ("recipient.full_name", "The recipient's full name, e.g. “Eleanor Margaret Voss”.", []),
        ("recipient.honorific", "Honorific or rank, e.g. “Dr.” (may be empty).", []),
        ("recipient.greeting", "Honorific and surname, e.g. “Dr. Voss” (the full name when there is no honorific).", []),
        ("recipient.email", "The address the mail is sent to.", []),
        ("recipient.roles", "The recipient's roles at the roundtable, e.g. “presenter, participant”.", []),
        ("roundtable.title", "The roundtable's title.", []),
        ("roundtable.subtitle", "The subtitle (may be empty).", []),
        ("roundtable.date", "The date, e.g. “Wednesday, 14 October 2026”.", []),
        ("roundtable.time", "Start and end time, e.g. “09:00–17:00”.", []),
        ("roundtable.time_zone", "The time zone, e.g. “America/New_York”.", []),
        ("roundtable.venue", "The venue (may be empty).", []),
        ("roundtable.host_organization", "The host organization (may be empty).", []),
        ("roundtable.sponsoring_program", "The sponsoring program (may be empty).", []),
        ("roundtable.purpose", "The purpose, as plain text (may be empty).", []),
        ("organizer.name", "Who the mail comes from (the sender's name).", []),
        ("branding.name", "The institution's name, as set under Branding (may be empty).", []),
        ("branding.colour", "The institution's colour, e.g. “#1f4e79”.", []),
        ("branding.logo_url", "The address of the institution's logo (empty when there is none).", []),
        ("organizer.email", "Where replies go.", []),
        ("rsvp.accept_url", "Link that answers “I will attend”.", InviteeMails),
        ("rsvp.decline_url", "Link that answers “I cannot attend”.", InviteeMails),
        ("rsvp.tentative_url", "Link that answers “Maybe”.", InviteeMails),
        ("rsvp.page_url", "The invitee's RSVP page (answer, comment, change the answer).", InviteeMails),
        ("rsvp.answer", "The current answer: “Accepted”, “Declined”, “Tentative”, or empty before any answer.", InviteeMails),
        ("rsvp.comment", "The invitee's comment (may be empty).", InviteeMails),
        ("rsvp.expires", "The last day the RSVP links work.", InviteeMails),
        ("rsvp.calendar_buttons", "True when the reply mailbox is read, so a calendar's Accept / Decline buttons count as answers.", InviteeMails),
        ("update", "True when this invitation updates an earlier one (date, time or venue changed).", ["invitation"]),
        ("reminder.days_before", "How many days are left until the roundtable when the reminder goes out.", ["reminder"]),
        ("report.title", "The report's title.", ["report"]),
        ("report.summary", "The report's abstract, as plain text.", ["report"]),
        ("report.url", "The recipient's own link to the published report; it works without an account.", ["report"]),
        ("report.pdf_url", "The recipient's own link to the report as a PDF.", ["report"]),
        ("report.edition", "The number of the edition mailed.", ["report"]),
        ("report.link_expires", "The last day the report links work.", ["report"]),
        ("report.decline_url", "The recipient's link to receive no further report mail (one click; mail clients also offer it as “Unsubscribe”).", ["report"]),
        ("follow_up.title", "The follow-up roundtable's title (empty when there is none).", ["report"]),
        ("follow_up.date", "The follow-up roundtable's date (empty when there is none).", ["report"]),
        ("follow_up.venue", "The follow-up roundtable's venue (empty when there is none).", ["report"]),
    ];

    /// <summary>
    /// The placeholders a mail of this kind fills. The others would render empty in it (or, for a date, as the year 1),
    /// so the editor lists only these and a template of that kind may use only these.
    /// </summary>
    public static IEnumerable<(string Name, string Description)> For(string kind) =>
        All.Where(p => p.Only.Length == 0 || p.Only.Contains(kind)).Select(p => (p.Name, p.Description));

    public static readonly IReadOnlySet<string> Names = All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
