using MailKit.Security;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>
/// The "Mail:Inbox" section: the mailbox that receives what people send back (calendar Accept/Decline, bounces,
/// replies) — the address of Mail:ReplyTo. Off while Host is unset.
/// </summary>
public sealed class InboxSettings
{
    public const string Section = "Mail:Inbox";

    public string? Host { get; set; }

    public int Port { get; set; } = 993;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "SslOnConnect";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The folder read; messages are moved out of it once handled.</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where handled messages go (created if missing).</summary>
    public string ProcessedFolder { get; set; } = "Roundtable Processed";

    /// <summary>Where messages go that were recorded but not understood (created if missing).</summary>
    public string UnrecognizedFolder { get; set; } = "Roundtable Unrecognized";

    /// <summary>Larger messages are not downloaded: recorded as too large and moved to the unrecognized folder.</summary>
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long the watcher waits in IDLE (or between polls, where the server has no IDLE) before reading again.</summary>
    public int PollSeconds { get; set; } = 60;

    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public SecureSocketOptions SecureSocketOptions => Enum.Parse<SecureSocketOptions>(Security, ignoreCase: true);

    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }
        if (Port is <= 0 or > 65535) { yield return "Mail:Inbox:Port must be between 1 and 65535."; }
        if (!Enum.TryParse<SecureSocketOptions>(Security, ignoreCase: true, out _))
        {
            yield return $"Mail:Inbox:Security must be one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())} (not \"{Security}\").";
        }
        if (string.IsNullOrWhiteSpace(UserName)) { yield return "Mail:Inbox:UserName is required when Mail:Inbox:Host is set."; }
        if (string.IsNullOrWhiteSpace(Folder) || string.IsNullOrWhiteSpace(ProcessedFolder) || string.IsNullOrWhiteSpace(UnrecognizedFolder))
        {
            yield return "Mail:Inbox:Folder, ProcessedFolder and UnrecognizedFolder must not be empty.";
        }
        if (MaxMessageBytes < 1024) { yield return "Mail:Inbox:MaxMessageBytes must be at least 1024."; }
        if (PollSeconds is < 5 or > 3600) { yield return "Mail:Inbox:PollSeconds must be between 5 and 3600."; }
    }
}
