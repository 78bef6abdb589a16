using MimeKit;
using MimeKit.IO.Filters;

namespace Roundtable.Web.Features.Mailings;

/// <summary>A file attached to every message of a mailing, loaded once per delivery run and shared by all of them.</summary>
public sealed class MailingAttachment
{
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public byte[] Content { get; init; } = [];

    /// <summary>
    /// The content base64-encoded once, as it goes on the wire: every message copies these bytes instead of encoding
    /// (and measuring) a report PDF again, which was most of the CPU a message cost.
    /// </summary>
    public byte[] Base64 => base64 ??= Encode(Content);

    private byte[]? base64;

    /// <summary>Base64 in lines of 76 characters ending in CRLF, exactly as SMTP carries it.</summary>
    private static byte[] Encode(byte[] content)
    {
        using var output = new MemoryStream(content.Length * 4 / 3 + content.Length / 38 + 16);
        using (var filtered = new MimeKit.IO.FilteredStream(output))
        {
            filtered.Add(EncoderFilter.Create(ContentEncoding.Base64));
            filtered.Add(new Unix2DosFilter());
            filtered.Write(content, 0, content.Length);
            filtered.Flush();
        }
        return output.ToArray();
    }
}

/// <summary>
/// An attachment whose wire form is ready: written as one copy of the shared bytes. MimeKit would otherwise pass
/// every byte of the report through its line-end filter for each message, and again to measure it for SIZE.
/// </summary>
internal sealed class EncodedAttachment : MimePart
{
    private readonly byte[] wire;

    public EncodedAttachment(MailingAttachment a) : base(ContentType.Parse(a.ContentType))
    {
        wire = a.Base64;
        Content = new MimeContent(new MemoryStream(wire, writable: false), ContentEncoding.Base64);
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment);
        ContentTransferEncoding = ContentEncoding.Base64;
        FileName = a.FileName;
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (options.NewLineFormat != NewLineFormat.Dos)
        {
            base.WriteTo(options, stream, contentOnly, cancellationToken);
            return;
        }
        WireWriter.Write(this, options, stream, contentOnly, wire, cancellationToken);
    }

    public override Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        options.NewLineFormat != NewLineFormat.Dos
            ? base.WriteToAsync(options, stream, contentOnly, cancellationToken)
            : WireWriter.WriteAsync(this, options, stream, contentOnly, wire, cancellationToken);
}

/// <summary>Writes an entity whose content is ready in its wire form (CRLF line ends): its headers, then those bytes.</summary>
internal static class WireWriter
{
    // In pieces: the SMTP client's dot-stuffing filter sizes its buffer to the largest write, and a buffer past 85 KB
    // lands on the large object heap, one per message, which the garbage collector then pays for.
    private const int Chunk = 16 * 1024;

    public static void Write(MimeEntity entity, FormatOptions options, Stream stream, bool contentOnly, byte[] wire, CancellationToken ct)
    {
        if (!contentOnly)
        {
            entity.Headers.WriteTo(options, stream, ct); // with the blank line that ends them
        }
        DotStuffing.Write(stream, wire, Chunk, ct);
    }

    public static async Task WriteAsync(MimeEntity entity, FormatOptions options, Stream stream, bool contentOnly, byte[] wire, CancellationToken ct)
    {
        if (!contentOnly)
        {
            await entity.Headers.WriteToAsync(options, stream, ct);
        }
        for (var at = 0; at < wire.Length; at += Chunk)
        {
            await stream.WriteAsync(wire.AsMemory(at, Math.Min(Chunk, wire.Length - at)), ct);
        }
    }
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
        var attachments = (await conn.QueryAsync<MailingAttachment>(new CommandDefinition(AttachmentsSql, new { mailingId }, cancellationToken: ct))).AsList();
        attachments.ForEach(a => _ = a.Base64); // encoded here, once, before the workers share it
        return attachments;
    }

    private static readonly FormatOptions Wire = new() { NewLineFormat = NewLineFormat.Dos };

    /// <summary>
    /// A message's body (text, HTML and, for invitations, the calendar) serialized as it goes on the wire: CRLF line
    /// ends and 7-bit transfer encodings, so any relay takes it as it is. Returns its Content-Type (with the boundary)
    /// and the bytes after its headers.
    /// </summary>
    /// <param name="boundary">
    /// The multipart boundary: a mailing's messages share one (<see cref="Outbox"/>), so their Content-Type is the same
    /// text and a delivery worker parses it once, not once a message. Not used if any of the texts contains it; MimeKit
    /// then draws a random one.
    /// </param>
    public static (string ContentType, byte[] Wire) Serialize(string textBody, string htmlBody, string? calendar, string? boundary = null)
    {
        using var body = Alternative(textBody, htmlBody, calendar);
        if (boundary is not null && !textBody.Contains(boundary, StringComparison.Ordinal) && !htmlBody.Contains(boundary, StringComparison.Ordinal)
            && calendar?.Contains(boundary, StringComparison.Ordinal) != true)
        {
            body.Boundary = boundary;
        }
        body.Prepare(EncodingConstraint.SevenBit);
        using var stream = new MemoryStream(textBody.Length + htmlBody.Length + (calendar?.Length ?? 0) * 4 / 3 + 1024);
        body.WriteTo(Wire, stream, contentOnly: true);
        return (body.Headers[HeaderId.ContentType] ?? throw new InvalidOperationException("A multipart body without its Content-Type."), stream.ToArray());
    }

    private static MultipartAlternative Alternative(string textBody, string htmlBody, string? calendar)
    {
        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = textBody },
            new TextPart("html") { Text = htmlBody },
        };
        if (calendar is not null)
        {
            // Outlook wants METHOD on the part as well as in the calendar; base64 keeps the CRLF line ends byte for byte.
            var part = new TextPart("calendar") { Text = calendar, ContentTransferEncoding = ContentEncoding.Base64 };
            part.ContentType.Parameters.Add("method", "REQUEST");
            part.ContentType.Charset = "utf-8";
            alternative.Add(part);
        }
        return alternative;
    }

    /// <summary>
    /// The message for one claimed row. A delivery worker passes back the message it sent last (<paramref name="reuse"/>):
    /// only what differs per recipient is replaced, because a new MimeMessage costs more than the rest of a message
    /// put together (MimeKit formats every header anew, and each message is finalizable).
    /// </summary>
    public MimeMessage Build(ClaimedMessage m, IReadOnlyList<MailingAttachment> attachments, MimeMessage? reuse = null)
    {
        var message = reuse ?? NewMessage();
        // Setting a header encodes and folds it again: what a mailing's messages share (the subject, usually, the
        // mailing, the date within a second) is set only when it changes.
        if (message.Subject != m.Subject)
        {
            message.Subject = m.Subject;
        }
        SetMessageId(message, m.MessageId);
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        if (message.Date != now)
        {
            message.Date = now;
        }
        var to = new MailboxAddress(m.RecipientName, m.Address);
        if (message.To.Count == 1)
        {
            message.To[0] = to; // one change (and one encoding of the header) rather than a removal and an addition
        }
        else
        {
            message.To.Clear();
            message.To.Add(to);
        }
        SetListUnsubscribe(message, m.ListUnsubscribe);
        var mailing = m.MailingId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (message.Headers[MailingHeader] != mailing)
        {
            message.Headers[MailingHeader] = mailing;
        }
        if (Reusable(message.Body, m, attachments) is { } same)
        {
            // The same Content-Type and attachments as the message before: only the bytes change.
            same.Wire = m.Content.Wire!;
            return message;
        }
        var previous = message.Body;
        message.Body = Body(m, attachments);
        previous?.Dispose();
        return message;
    }

    /// <summary>
    /// Message-IDs are ours (<see cref="Outbox.MessageId"/>): one made only of the characters of a dot-atom, with one
    /// @, is set as the header's bytes, not parsed back and encoded again by MimeKit for every recipient.
    /// </summary>
    private static void SetMessageId(MimeMessage message, string id)
    {
        if (message.Headers.IndexOf(HeaderId.MessageId) is var i and >= 0 && IsPlain(id))
        {
            message.Headers[i].SetRawValue(System.Text.Encoding.ASCII.GetBytes($" <{id}>\n"));
            return;
        }
        message.MessageId = id;
    }

    private static bool IsPlain(string id)
    {
        var at = id.IndexOf('@');
        return at > 0 && at < id.Length - 1 && id.IndexOf('@', at + 1) < 0 && !id.StartsWith('.') && !id.EndsWith('.')
            && !id.Contains("..", StringComparison.Ordinal) && !id.Contains(".@", StringComparison.Ordinal) && !id.Contains("@.", StringComparison.Ordinal)
            && id.AsSpan().IndexOfAnyExcept(DotAtom) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> DotAtom = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@");

    /// <summary>The body the last message was sent with, if this one's differs only by its stored bytes.</summary>
    private static WireBody? Reusable(MimeEntity? body, ClaimedMessage m, IReadOnlyList<MailingAttachment> attachments)
    {
        if (m.Content.Wire is null)
        {
            return null;
        }
        var wire = body switch
        {
            WireBody alone when attachments.Count == 0 => alone,
            MixedBody mixed when ReferenceEquals(mixed.Attachments, attachments) => mixed[0] as WireBody,
            _ => null,
        };
        return wire is not null && wire.ContentTypeText == m.Content.ContentType ? wire : null;
    }

    private const string MailingHeader = "X-Roundtable-Mailing";

    /// <summary>
    /// RFC 8058 one-click unsubscribe: mail clients show "Unsubscribe" and POST to the link themselves. A reused
    /// message loses the headers when the next recipient's row has no link.
    /// </summary>
    private static void SetListUnsubscribe(MimeMessage message, string? link)
    {
        if (link is null)
        {
            message.Headers.RemoveAll("List-Unsubscribe");
            message.Headers.RemoveAll("List-Unsubscribe-Post");
            return;
        }
        message.Headers["List-Unsubscribe"] = $"<{link}>";
        message.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }

    private MimeMessage NewMessage()
    {
        var message = new MimeMessage();
        message.From.Add(settings.FromAddress);
        if (!string.IsNullOrEmpty(settings.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(settings.ReplyTo));
        }
        return message;
    }

    private static MimeEntity Body(ClaimedMessage m, IReadOnlyList<MailingAttachment> attachments)
    {
        MimeEntity body = m.Content.Wire is { } wire
            ? new WireBody(m.Content.ContentType ?? throw new InvalidOperationException($"Outbox row {m.Id} has a body without a Content-Type."), wire)
            : Alternative(m.Content.TextBody ?? "", m.Content.HtmlBody ?? "", m.Content.Calendar);
        if (attachments.Count == 0)
        {
            return body;
        }
        var mixed = new MixedBody(attachments) { body };
        foreach (var a in attachments)
        {
            mixed.Add(new EncodedAttachment(a));
        }
        return mixed;
    }

    /// <summary>A body with the mailing's attachments, remembered so the next message can reuse it.</summary>
    private sealed class MixedBody(IReadOnlyList<MailingAttachment> attachments) : Multipart("mixed")
    {
        public IReadOnlyList<MailingAttachment> Attachments { get; } = attachments;
    }
}

/// <summary>
/// A body serialized when its message was queued (<see cref="MessageBuilder.Serialize"/>): written as the stored bytes,
/// with nothing to encode, measure or prepare again at send time.
/// </summary>
internal sealed class WireBody(string contentType, byte[] wire) : MimeEntity(ContentType.Parse(contentType))
{
    /// <summary>The Content-Type as it was stored, to tell whether the next message can reuse this entity.</summary>
    public string ContentTypeText { get; } = contentType;

    /// <summary>The stored bytes; a delivery worker replaces them for each recipient whose Content-Type is the same.</summary>
    public byte[] Wire { get; set; } = wire;

    /// <summary>Already 7-bit with CRLF line ends: fit for any server.</summary>
    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (options.NewLineFormat == NewLineFormat.Dos)
        {
            WireWriter.Write(this, options, stream, contentOnly, Wire, cancellationToken);
            return;
        }
        if (!contentOnly)
        {
            Headers.WriteTo(options, stream, cancellationToken); // with the blank line that ends them
        }
        using var filtered = new MimeKit.IO.FilteredStream(stream);
        filtered.Add(new Dos2UnixFilter());
        filtered.Write(Wire, 0, Wire.Length, cancellationToken);
        filtered.Flush(cancellationToken);
    }

    public override Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (options.NewLineFormat == NewLineFormat.Dos)
        {
            return WireWriter.WriteAsync(this, options, stream, contentOnly, Wire, cancellationToken);
        }
        WriteTo(options, stream, contentOnly, cancellationToken);
        return Task.CompletedTask;
    }
}
