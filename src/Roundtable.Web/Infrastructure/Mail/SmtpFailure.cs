using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>
/// What a failed send means for the recipient: a 5xx reply is the server's final word for that message;
/// 4xx replies, lost connections and time-outs are worth another try later.
/// </summary>
public sealed record SmtpFailure(bool Transient, int? Code, string Text, bool ConnectionLost)
{
    public static SmtpFailure From(Exception e) => e switch
    {
        SmtpCommandException c => new((int)c.StatusCode is >= 400 and < 500, (int)c.StatusCode, Describe(c), ConnectionLost: false),
        SmtpProtocolException => new(true, null, "SMTP protocol error: " + e.Message, true),
        AuthenticationException => new(true, null, "The relay refused our credentials: " + e.Message, true),
        SslHandshakeException => new(true, null, "TLS handshake failed: " + e.Message, true),
        SocketException s => new(true, null, $"Cannot reach the mail server ({s.SocketErrorCode}).", true),
        IOException or ServiceNotConnectedException => new(true, null, "Connection to the mail server lost: " + e.Message, true),
        TimeoutException or OperationCanceledException => new(true, null, "The mail server did not answer in time.", true),
        _ => new(true, null, e.GetType().Name + ": " + e.Message, true),
    };

    private static string Describe(SmtpCommandException c)
    {
        var what = c.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => "Recipient refused",
            SmtpErrorCode.SenderNotAccepted => "Sender refused",
            SmtpErrorCode.MessageNotAccepted => "Message refused",
            _ => "Refused",
        };
        return $"{what}: {(int)c.StatusCode} {c.Message}".Trim();
    }
}
