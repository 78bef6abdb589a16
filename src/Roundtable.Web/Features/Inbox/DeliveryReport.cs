using MimeKit;

namespace Roundtable.Web.Features.Inbox;

/// <summary>
/// A bounce (RFC 3464 delivery status notification, <c>multipart/report; report-type=delivery-status</c>): for each
/// recipient the action, status code and diagnostic, and the Message-ID of the message that bounced (from the
/// returned message or its headers). Soft bounces (4.x.x, Action: delayed) are told apart from hard ones (5.x.x).
/// </summary>
public sealed record DeliveryReport(string? OriginalMessageId, IReadOnlyList<DeliveryReport.Recipient> Recipients)
{
    public sealed record Recipient(string Address, string Action, string Status, string Diagnostic)
    {
        /// <summary>A permanent failure: the address does not work (5.x.x, Action: failed).</summary>
        public bool Hard => Status.StartsWith('5') || (Status.Length == 0 && Action.Equals("failed", StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsReport(MimeMessage message) =>
        message.Body is MultipartReport report && string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase);

    public static DeliveryReport? Parse(MimeMessage message)
    {
        if (message.Body is not MultipartReport report || !string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var recipients = new List<Recipient>();
        string? original = null;
        foreach (var part in report)
        {
            switch (part)
            {
                case MessageDeliveryStatus status:
                    // The first group is about the message; each further group is one recipient.
                    foreach (var group in status.StatusGroups.Skip(1))
                    {
                        var address = Field(group["Final-Recipient"]) ?? Field(group["Original-Recipient"]) ?? "";
                        recipients.Add(new Recipient(
                            address.ToLowerInvariant(),
                            (group["Action"] ?? "").Trim(),
                            (group["Status"] ?? "").Trim().Split(' ', 2)[0],
                            Unfold(group["Diagnostic-Code"])));
                    }
                    break;
                case MessagePart returned when returned.Message is { } m:
                    original ??= m.MessageId;
                    break;
                case TextRfc822Headers headers:
                    original ??= headers.Message?.MessageId;
                    break;
                case MimePart p when p.ContentType.IsMimeType("text", "rfc822-headers"):
                    original ??= HeaderIn(p);
                    break;
            }
        }
        return new DeliveryReport(original, recipients);
    }

    // "rfc822; someone@example.org" → someone@example.org
    private static string? Field(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var semi = value.IndexOf(';');
        var address = (semi >= 0 ? value[(semi + 1)..] : value).Trim().Trim('<', '>');
        return address.Length == 0 ? null : address;
    }

    private static string Unfold(string? value) =>
        value is null ? "" : string.Join(' ', value.Split(['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string? HeaderIn(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content?.DecodeTo(stream);
        stream.Position = 0;
        try
        {
            var headers = HeaderList.Load(stream);
            return headers[HeaderId.MessageId] is { } id ? MimeKit.Utils.MimeUtils.EnumerateReferences(id).FirstOrDefault() : null;
        }
        catch (ParseException)
        {
            return null;
        }
    }
}
