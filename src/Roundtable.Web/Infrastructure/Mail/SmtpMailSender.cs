using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>Where mail goes: a relay over SMTP in the app; the interface lets a benchmark or a test point elsewhere.</summary>
/// <remarks>
/// Synchronous on purpose: a delivery worker owns a thread and a connection, and waits on the server three times a
/// message. Blocking on the socket costs half the CPU of MailKit's async path there (each await of a reply is a trip
/// through the thread pool); the figures are in the README's benchmark section.
/// </remarks>
public interface IMailTransport
{
    /// <summary>Opens a session; cancelling <paramref name="ct"/> later also aborts whatever the session is waiting for.</summary>
    IMailConnection Connect(CancellationToken ct);
}

/// <summary>One open SMTP session, reused for a batch of messages.</summary>
public interface IMailConnection : IDisposable
{
    bool IsConnected { get; }

    /// <returns>The server's reply to the message, e.g. "250 2.0.0 Ok: queued".</returns>
    string Send(MimeMessage message, CancellationToken ct);
}

public sealed class SmtpMailSender(MailSettings settings) : IMailTransport
{
    public IMailConnection Connect(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        CancellationTokenRegistration abort = default;
        try
        {
            // Our own socket with Nagle off: otherwise the message's last small write waits for the server's
            // delayed ACK on every message, against SmtpServer and smtp-sink alike;
            // and MailKit's small writes gathered into large ones (see CoalescingStream).
            var socket = ConnectSocket(ct);
            // A blocking read only ends with data or the timeout: closing the socket is how cancelling reaches it.
            abort = ct.Register(socket.Dispose);
            client.Connect(new CoalescingStream(new NetworkStream(socket, ownsSocket: true)), settings.Host, settings.Port, settings.SecureSocketOptions, ct);
            if (!settings.Pipelining)
            {
                client.Capabilities &= ~SmtpCapabilities.Pipelining;
            }
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                client.Authenticate(settings.UserName, settings.Password ?? "", ct);
            }
            return new Connection(client, abort);
        }
        catch
        {
            abort.Dispose();
            client.Dispose();
            throw;
        }
    }

    private Socket ConnectSocket(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        // Resolved on this thread, not the thread pool (as the async lookup is on Linux): a delivery thread hands no work
        // to the pool (see DeliveryThreads). The resolver's own timeouts bound the wait.
        var addresses = Dns.GetHostAddresses(settings.Host);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // Connected synchronously: a socket that did anything asynchronously stays non-blocking underneath,
                // and its blocking reads are then emulated on the async engine, slower than either way.
                using (timeout.Token.Register(socket.Dispose))
                {
                    socket.Connect(address, settings.Port);
                }
                timeout.Token.ThrowIfCancellationRequested(); // the timeout may have closed it just as it connected
                return socket;
            }
            catch (Exception e)
            {
                socket.Dispose();
                timeout.Token.ThrowIfCancellationRequested();
                if (e is not SocketException)
                {
                    throw;
                }
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private sealed class Connection(SmtpClient client, CancellationTokenRegistration abort) : IMailConnection
    {
        public bool IsConnected => client.IsConnected;

        public string Send(MimeMessage message, CancellationToken ct)
        {
            using (DotStuffing.Sending())
            {
                return client.Send(message, ct);
            }
        }

        public void Dispose()
        {
            abort.Dispose();
            try
            {
                if (client.IsConnected)
                {
                    client.Timeout = 5000;
                    client.Disconnect(true);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or SocketException or ObjectDisposedException)
            {
                // The session is being thrown away; a failed QUIT changes nothing that was sent.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
