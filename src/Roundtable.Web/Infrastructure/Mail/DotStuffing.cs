using MimeKit.IO;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>
/// Lets bytes that need no dot-stuffing skip MailKit's. MailKit writes a message in DATA through a filter that doubles
/// a dot beginning a line, looking at every byte one at a time: for a 7 KB invitation that scan was a seventh of a
/// delivery worker's CPU. On bytes with no line that begins with a dot the filter changes nothing, so they may go
/// straight to the stream beneath it.
/// </summary>
/// <remarks>
/// Only while <see cref="SmtpMailSender"/> is handing a message to MailKit (<see cref="Sending"/>), and only through
/// a <see cref="FilteredStream"/>: in MailKit's SmtpClient.Send the only one a message is written to is the DATA stream,
/// whose one filter is that dot-stuffing (MailKit 4.18; its SIZE measure and BDAT write the message unfiltered).
/// DotStuffingTests sends dotted and undotted lines through it to a real server.
/// </remarks>
public static class DotStuffing
{
    [ThreadStatic]
    private static bool sending;

    /// <summary>Marks the thread as writing a message into MailKit's DATA stream until disposed.</summary>
    public static Scope Sending()
    {
        sending = true;
        return default;
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => sending = false;
    }

    /// <summary>
    /// Writes <paramref name="wire"/> (ready bytes, CRLF line ends) to <paramref name="stream"/> in pieces of at most
    /// <paramref name="chunk"/>. Its first line always goes through the stream, so the filter has seen a line end just
    /// as if it had seen everything; the rest goes beneath the filter when no line of it begins with a dot.
    /// </summary>
    public static void Write(Stream stream, byte[] wire, int chunk, CancellationToken ct)
    {
        var at = 0;
        if (sending && stream is FilteredStream filtered && NeedsNone(wire))
        {
            at = Array.IndexOf(wire, (byte)'\n') + 1;
            stream.Write(wire, 0, at);
            stream = filtered.Source;
        }
        for (; at < wire.Length; at += chunk)
        {
            ct.ThrowIfCancellationRequested();
            stream.Write(wire, at, Math.Min(chunk, wire.Length - at));
        }
    }

    /// <summary>No line after the first begins with a dot, and the last ends (so the filter's state after the first is right for what follows).</summary>
    private static bool NeedsNone(ReadOnlySpan<byte> wire) =>
        wire.Length > 0 && wire[^1] == (byte)'\n' && wire.IndexOf("\n."u8) < 0;
}
