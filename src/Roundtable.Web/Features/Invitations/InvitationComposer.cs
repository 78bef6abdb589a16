using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Web.Features.Invitations;

/// <summary>Renders the mails an invitee receives: invitation (with its calendar part), reminder, RSVP confirmation.</summary>
public sealed class InvitationComposer(RsvpTokens tokens, MailSettings mail)
{
    public const string NoEmail = "No email address on file: add one on the person's page to invite them.";

    public static string Key(Invitee i) => $"participation:{i.ParticipationId}";

    public static string DisplayName(Invitee i) => string.IsNullOrEmpty(i.NameInPrint) ? i.FullName : i.NameInPrint;

    public Dictionary<string, object?> Model(GetRoundtable.Row rt, Invitee i, bool update = false, int daysBefore = 0) =>
        EmailModel.Build(rt, new EmailRecipient
        {
            Name = DisplayName(i), FullName = i.FullName, Honorific = i.Honorific, Surname = i.Surname,
            Email = i.Email ?? "", Roles = string.Join(", ", i.Roles),
        }, tokens.Links(i.ParticipationId, rt), mail, i.Answer ?? "", i.Comment ?? "", update, daysBefore);

    public OutboxMessage Invitation(GetRoundtable.Row rt, CompiledEmail template, int sequence, Invitee i, bool update, DateTime now)
    {
        var model = Model(rt, i, update);
        var rendered = template.Render(model);
        var links = (Dictionary<string, object?>)model["rsvp"]!;
        var description = $"Answer the invitation: {links["page_url"]}";
        var calendar = CalendarInvite.Build(rt, sequence, mail.FromName, mail.ReplyTo ?? mail.From,
            new CalendarInvite.Attendee(DisplayName(i), i.Email!), description, now, mail.MessageIdDomain);
        return Message(i, "invitation", rendered, calendar);
    }

    public OutboxMessage Message(Invitee i, string templateName, RenderedEmail rendered, string? calendar = null, string? key = null) => new()
    {
        RecipientKey = key ?? Key(i),
        PersonId = i.PersonId,
        ParticipationId = i.ParticipationId,
        RecipientName = DisplayName(i),
        Address = i.Email!,
        Template = templateName,
        Subject = rendered.Subject,
        TextBody = rendered.TextBody,
        HtmlBody = rendered.HtmlBody,
        Calendar = calendar,
    };
}
