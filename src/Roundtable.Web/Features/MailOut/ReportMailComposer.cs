using System.Globalization;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// The report mail for one recipient: the summary, their own signed links to the published edition (HTML and PDF),
/// and, when there is one, a word on the follow-up roundtable. The PDF itself is the mailing's shared attachment.
/// </summary>
public sealed class ReportMailComposer(ReportLinks links, Inbox.ReportMailDecline decline, MailSettings mail, TimeProvider clock)
{
    public const string NoEmail = "No email address on file: add one on the person's page, then resend from the report deliveries.";

    public static string Key(long participationId) => $"participation:{participationId}";

    /// <summary>What every recipient's mail shares; <see cref="Message"/> adds the personal links.</summary>
    public ReportValues Shared(string title, string summary, int edition, GetRoundtable.Row? followUp) => new()
    {
        Title = title,
        Summary = summary,
        Edition = edition.ToString(CultureInfo.InvariantCulture),
        LinkExpires = (clock.GetUtcNow() + ReportLinks.Lifetime).ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        FollowUpTitle = followUp?.Title ?? "",
        FollowUpDate = followUp?.DateText ?? "",
        FollowUpVenue = followUp?.Venue ?? "",
    };

    public OutboxMessage Message(GetRoundtable.Row rt, CompiledEmail template, ReportValues shared, ReportRecipients.Row r)
    {
        var token = Uri.EscapeDataString(links.Token(rt.Id, r.ParticipationId));
        var baseUrl = mail.PublicBaseUrl.TrimEnd('/');
        var values = new ReportValues
        {
            Title = shared.Title, Summary = shared.Summary, Edition = shared.Edition, LinkExpires = shared.LinkExpires,
            FollowUpTitle = shared.FollowUpTitle, FollowUpDate = shared.FollowUpDate, FollowUpVenue = shared.FollowUpVenue,
            Url = $"{baseUrl}/reports/{rt.Id}?key={token}",
            PdfUrl = $"{baseUrl}/reports/{rt.Id}/pdf?key={token}",
            DeclineUrl = decline.Url(r.PersonId),
        };
        var model = EmailModel.WithReport(EmailModel.Build(rt, new EmailRecipient
        {
            Name = r.DisplayName, FullName = r.FullName, Honorific = r.Honorific, Surname = r.Surname, Email = r.Email ?? "", Roles = r.RoleList,
        }, new RsvpLinks(), mail), values);
        var rendered = template.Render(model);
        return new OutboxMessage
        {
            RecipientKey = Key(r.ParticipationId),
            PersonId = r.PersonId,
            ParticipationId = r.ParticipationId,
            RecipientName = r.DisplayName,
            Address = r.Email!,
            Template = "report",
            Subject = rendered.Subject,
            TextBody = rendered.TextBody,
            HtmlBody = rendered.HtmlBody,
            ListUnsubscribe = values.DeclineUrl,
        };
    }
}
