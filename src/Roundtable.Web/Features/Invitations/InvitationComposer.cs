using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;

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

    /// <summary>The calendar shared by one mailing's invitations; <see cref="Invitation"/> adds each attendee.</summary>
    public string CalendarTemplate(GetRoundtable.Row rt, int sequence, DateTime now) =>
        CalendarInvite.Template(rt, sequence, mail.FromName, mail.ReplyTo ?? mail.From,
            mail.Inbox.Enabled
                ? "Answer with your calendar's buttons or with the links in the invitation mail."
                : "Please answer with the links in the invitation mail.", now, mail.MessageIdDomain);

    public OutboxMessage Invitation(GetRoundtable.Row rt, CompiledEmail template, string calendarTemplate, Invitee i, bool update)
    {
        var rendered = template.Render(Model(rt, i, update));
        var calendar = CalendarInvite.For(calendarTemplate, new CalendarInvite.Attendee(DisplayName(i), i.Email!));
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
