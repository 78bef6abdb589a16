using System.Globalization;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.EmailTemplates;

public sealed class EmailRecipient
{
    public string Name { get; init; } = "";
    public string FullName { get; init; } = "";
    public string Honorific { get; init; } = "";
    public string Surname { get; init; } = "";
    public string Email { get; init; } = "";
    public string Roles { get; init; } = "";
}

public sealed class RsvpLinks
{
    public string Accept { get; init; } = "";
    public string Decline { get; init; } = "";
    public string Tentative { get; init; } = "";
    public string Page { get; init; } = "";
    public DateOnly Expires { get; init; }
}

/// <summary>What the report mail says about the report and the follow-up: empty in every other mail.</summary>
public sealed class ReportValues
{
    public static readonly ReportValues None = new();

    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public string Url { get; init; } = "";
    public string PdfUrl { get; init; } = "";
    public string Edition { get; init; } = "";
    public string LinkExpires { get; init; } = "";

    /// <summary>The recipient's one-click link to decline further report mail (also sent as List-Unsubscribe).</summary>
    public string DeclineUrl { get; init; } = "";
    public string FollowUpTitle { get; init; } = "";
    public string FollowUpDate { get; init; } = "";
    public string FollowUpVenue { get; init; } = "";

    /// <summary>What the template editor previews the report mail with.</summary>
    public static ReportValues SampleFor(GetRoundtable.Row rt, DateTime now) => new()
    {
        Title = rt.Title,
        Summary = "This report summarizes the presentations and the discussions that followed, draws out their implications for policy, and proposes questions for a follow-up roundtable.",
        Url = $"https://roundtable.example.org/reports/{rt.Id}?key=sample-key",
        PdfUrl = $"https://roundtable.example.org/reports/{rt.Id}/pdf?key=sample-key",
        DeclineUrl = "https://roundtable.example.org/mail/decline/sample-key",
        Edition = "1",
        LinkExpires = now.AddYears(2).ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        FollowUpTitle = rt.Title + ": Follow-up Roundtable",
        FollowUpDate = rt.Start.AddMonths(6).ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture),
        FollowUpVenue = rt.Venue,
    };
}

/// <summary>The values behind <see cref="EmailPlaceholders"/>: every placeholder is always present, maybe empty.</summary>
public static class EmailModel
{
    public static Dictionary<string, object?> Build(GetRoundtable.Row rt, EmailRecipient r, RsvpLinks links, MailSettings mail,
        string answer = "", string comment = "", bool update = false, int daysBefore = 0) => WithReport(new()
    {
        ["recipient"] = new Dictionary<string, object?>
        {
            ["name"] = r.Name,
            ["full_name"] = r.FullName,
            ["honorific"] = r.Honorific,
            ["greeting"] = string.IsNullOrEmpty(r.Honorific) || string.IsNullOrEmpty(r.Surname) ? r.FullName : $"{r.Honorific} {r.Surname}",
            ["email"] = r.Email,
            ["roles"] = r.Roles,
        },
        ["roundtable"] = new Dictionary<string, object?>
        {
            ["title"] = rt.Title,
            ["subtitle"] = rt.Subtitle,
            ["date"] = rt.DateText,
            ["time"] = $"{rt.StartTime}–{rt.EndTime}",
            ["time_zone"] = rt.TimeZone,
            ["venue"] = rt.Venue,
            ["host_organization"] = rt.HostOrganization,
            ["sponsoring_program"] = rt.SponsoringProgram,
            ["purpose"] = rt.Purpose,
        },
        ["organizer"] = new Dictionary<string, object?>
        {
            ["name"] = mail.FromName,
            ["email"] = mail.ReplyTo ?? mail.From,
        },
        ["rsvp"] = new Dictionary<string, object?>
        {
            ["accept_url"] = links.Accept,
            ["decline_url"] = links.Decline,
            ["tentative_url"] = links.Tentative,
            ["page_url"] = links.Page,
            ["answer"] = AnswerLabel(answer),
            ["comment"] = comment,
            ["expires"] = links.Expires.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
            ["calendar_buttons"] = mail.Inbox.Enabled,
        },
        ["update"] = update,
        ["reminder"] = new Dictionary<string, object?> { ["days_before"] = daysBefore },
    }, ReportValues.None);

    /// <summary>Sets the report and follow-up placeholders of a model.</summary>
    public static Dictionary<string, object?> WithReport(Dictionary<string, object?> model, ReportValues report)
    {
        model["report"] = new Dictionary<string, object?>
        {
            ["title"] = report.Title,
            ["summary"] = report.Summary,
            ["url"] = report.Url,
            ["pdf_url"] = report.PdfUrl,
            ["edition"] = report.Edition,
            ["link_expires"] = report.LinkExpires,
            ["decline_url"] = report.DeclineUrl,
        };
        model["follow_up"] = new Dictionary<string, object?>
        {
            ["title"] = report.FollowUpTitle,
            ["date"] = report.FollowUpDate,
            ["venue"] = report.FollowUpVenue,
        };
        return model;
    }

    /// <summary>
    /// The sample with the values templates branch on set every other way (update or not, each answer with and without
    /// a comment, a reminder the day before or a week before): a template is rendered with each at save time, so a
    /// branch that fails shows then, not when a participant answers or a reminder goes out.
    /// </summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> Variants(IReadOnlyDictionary<string, object?> sample)
    {
        var rsvp = sample["rsvp"] as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        foreach (var update in new[] { false, true })
        foreach (var answer in new[] { "", "accepted", "declined", "tentative" })
        foreach (var comment in new[] { "", "I may be late: my train arrives at 9:40." })
        foreach (var days in new[] { 1, 7 })
        {
            yield return new Dictionary<string, object?>(sample)
            {
                ["update"] = update,
                ["rsvp"] = new Dictionary<string, object?>(rsvp) { ["answer"] = AnswerLabel(answer), ["comment"] = comment },
                ["reminder"] = new Dictionary<string, object?> { ["days_before"] = days },
            };
        }
    }

    public static string AnswerLabel(string answer) => answer switch
    {
        "accepted" => "Accepted",
        "declined" => "Declined",
        "tentative" => "Tentative",
        _ => "",
    };
}
