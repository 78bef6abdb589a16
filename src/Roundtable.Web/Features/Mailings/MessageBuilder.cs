using Dapper;
using MimeKit;
using Roundtable.Web.Infrastructure;
using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Web.Features.Mailings;

/// <summary>A file attached to every message of a mailing, loaded once per delivery run and shared by all of them.</summary>
public sealed class MailingAttachment
{
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public byte[] Content { get; init; } = [];
}

/// <summary>Turns an outbox row into the MIME message that goes on the wire.</summary>
public sealed class MessageBuilder(Db db, MailSettings settings, TimeProvider clock)
{
    private const string AttachmentsSql = """
        SELECT file_name, content_type, content FROM mailing_attachments WHERE mailing_id = @mailingId ORDER BY id
        """;

    public async Task<IReadOnlyList<MailingAttachment>> AttachmentsAsync(long mailingId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<MailingAttachment>(new CommandDefinition(AttachmentsSql, new { mailingId }, cancellationToken: ct))).AsList();
    }

    public MimeMessage Build(ClaimedMessage m, IReadOnlyList<MailingAttachment> attachments)
    {
        var message = new MimeMessage { Subject = m.Subject, MessageId = m.MessageId, Date = clock.GetUtcNow() };
        message.From.Add(settings.FromAddress);
        if (!string.IsNullOrEmpty(settings.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(settings.ReplyTo));
        }
        message.To.Add(new MailboxAddress(m.RecipientName, m.Address));
        message.Headers.Add("X-Roundtable-Mailing", m.MailingId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = m.TextBody },
            new TextPart("html") { Text = m.HtmlBody },
        };
        if (m.Calendar is not null)
        {
            // Outlook wants METHOD on the part as well as in the calendar; base64 keeps the CRLF line ends byte for byte.
            var calendar = new TextPart("calendar") { Text = m.Calendar, ContentTransferEncoding = ContentEncoding.Base64 };
            calendar.ContentType.Parameters.Add("method", "REQUEST");
            calendar.ContentType.Charset = "utf-8";
            alternative.Add(calendar);
        }
        if (attachments.Count == 0)
        {
            message.Body = alternative;
            return message;
        }
        var mixed = new Multipart("mixed") { alternative };
        foreach (var a in attachments)
        {
            mixed.Add(new MimePart(a.ContentType)
            {
                Content = new MimeContent(new MemoryStream(a.Content, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = a.FileName,
            });
        }
        message.Body = mixed;
        return message;
    }
}
