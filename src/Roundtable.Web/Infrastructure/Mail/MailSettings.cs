using MailKit.Security;
using MimeKit;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>The "Mail" section: the relay, the sender, and how hard the outbox pushes.</summary>
public sealed class MailSettings
{
    public const string Section = "Mail";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "roundtable@localhost.localdomain";

    public string FromName { get; set; } = "Roundtable";

    public string? ReplyTo { get; set; }

    /// <summary>The mailbox of <see cref="ReplyTo"/>, read for calendar answers, bounces and replies (off while unset).</summary>
    public InboxSettings Inbox { get; set; } = new();

    /// <summary>Absolute base of links in mails (RSVP pages), e.g. https://roundtable.example.org.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>SMTP connections used in parallel by one delivery run, each reused for many messages.</summary>
    public int Connections { get; set; } = 4;

    /// <summary>
    /// Delivery runs started for a mailing. Hangfire hands them to free workers on any node, and the outbox claims
    /// keep them from sending a row twice: 1 for one node, the number of nodes for several.
    /// </summary>
    public int DeliveryJobs { get; set; } = 1;

    /// <summary>
    /// The most rows one connection claims at a time (it claims what it sends in about a tenth of a second, up to this).
    /// A connection holds two batches (the one going out and the next), so twice this is how many of its messages may
    /// go out again after a crash, at most.
    /// </summary>
    public int BatchSize { get; set; } = 250;

    /// <summary>
    /// How far below the app's other threads delivery runs, as a Linux nice increment (0 to 19; 0 runs it at the same
    /// priority). Sending keeps the cores busy while a mailing lasts; below the rest, it leaves them first to web
    /// requests and to a relay on the same host. In the invitations benchmark, where smtp-sink shares the two cores,
    /// 10 against 0 gave ratios of 0.83 against 0.79 (means of 54 rounds each, run alternately).
    /// </summary>
    public int DeliveryNice { get; set; } = 10;

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Send MAIL FROM and RCPT TO in one round trip where the server offers PIPELINING (MailKit waits for DATA's own reply).</summary>
    public bool Pipelining { get; set; } = true;

    public int MaxAttempts { get; set; } = 12;

    public int RetryBaseSeconds { get; set; } = 30;

    public int RetryMaxSeconds { get; set; } = 3600;

    /// <summary>How long a claimed row stays reserved before another run may take it back.</summary>
    public int ClaimSeconds { get; set; } = 300;

    /// <summary>Development only: host a loopback SMTP catcher and point the sender at it.</summary>
    public bool DevCatcher { get; set; }

    public int DevCatcherPort { get; set; } = 2525;

    public string DevCatcherFolder { get; set; } = "data/devmail";

    // By name only (Problems refuses anything else): a mistyped mode must not fall back to one that may send in clear.
    public SecureSocketOptions SecureSocketOptions =>
        IsTlsMode(Security)
            ? Enum.Parse<SecureSocketOptions>(Security, ignoreCase: true)
            : throw new InvalidOperationException($"Mail:Security \"{Security}\" is not a TLS mode.");

    private static bool IsTlsMode(string name) => Enum.GetNames<SecureSocketOptions>().Contains(name, StringComparer.OrdinalIgnoreCase);

    public MailboxAddress FromAddress => new(FromName, From);

    /// <summary>The right-hand side of Message-IDs: the sender's domain.</summary>
    public string MessageIdDomain => From.Contains('@') ? From[(From.LastIndexOf('@') + 1)..] : "roundtable.local";

    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>Settings that work but are likely a mistake where real people receive the mail.</summary>
    public IEnumerable<string> Warnings(bool development)
    {
        if (!development && Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) && url.IsLoopback)
        {
            yield return $"Mail:PublicBaseUrl is {PublicBaseUrl}: links in mails (RSVP, report) will point to each recipient's own computer. Set it to the address people reach this app at.";
        }
    }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Host)) { yield return "Mail:Host is required."; }
        if (Port is <= 0 or > 65535) { yield return "Mail:Port must be between 1 and 65535."; }
        if (!IsTlsMode(Security))
        {
            yield return $"Mail:Security must be one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())} (not \"{Security}\").";
        }
        if (!Emails.IsValid(From)) { yield return "Mail:From must be a valid address."; }
        if (ReplyTo is not null && !Emails.IsValid(ReplyTo)) { yield return "Mail:ReplyTo must be a valid address."; }
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out _)) { yield return "Mail:PublicBaseUrl must be an absolute URL."; }
        if (Connections is < 1 or > 64) { yield return "Mail:Connections must be between 1 and 64."; }
        if (BatchSize is < 1 or > 500) { yield return "Mail:BatchSize must be between 1 and 500."; }
        if (DeliveryJobs is < 1 or > 32) { yield return "Mail:DeliveryJobs must be between 1 and 32."; }
        if (ClaimSeconds < 3) { yield return "Mail:ClaimSeconds must be at least 3."; }
        if (DeliveryNice is < 0 or > 19) { yield return "Mail:DeliveryNice must be between 0 and 19."; }
    }
}
