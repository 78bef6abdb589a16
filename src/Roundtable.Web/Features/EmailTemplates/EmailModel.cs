using System.Globalization;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure.Mail;

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

/// <summary>The values behind <see cref="EmailPlaceholders"/>: every placeholder is always present, maybe empty.</summary>
public static class EmailModel
{
    public static Dictionary<string, object?> Build(GetRoundtable.Row rt, EmailRecipient r, RsvpLinks links, MailSettings mail,
        string answer = "", string comment = "", bool update = false, int daysBefore = 0) => new()
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
        },
        ["update"] = update,
        ["reminder"] = new Dictionary<string, object?> { ["days_before"] = daysBefore },
    };

    public static string AnswerLabel(string answer) => answer switch
    {
        "accepted" => "Accepted",
        "declined" => "Declined",
        "tentative" => "Tentative",
        _ => "",
    };
}
