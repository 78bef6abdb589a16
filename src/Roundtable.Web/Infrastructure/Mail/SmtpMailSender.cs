using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>Where mail goes: a relay over SMTP in the app; the interface lets a benchmark or a test point elsewhere.</summary>
public interface IMailTransport
{
    Task<IMailConnection> ConnectAsync(CancellationToken ct);
}

/// <summary>One open SMTP session, reused for a batch of messages.</summary>
public interface IMailConnection : IAsyncDisposable
{
    bool IsConnected { get; }

    /// <returns>The server's reply to the message, e.g. "250 2.0.0 Ok: queued".</returns>
    Task<string> SendAsync(MimeMessage message, CancellationToken ct);
}

public sealed class SmtpMailSender(MailSettings settings) : IMailTransport
{
    public async Task<IMailConnection> ConnectAsync(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            // Our own socket with Nagle off: otherwise the message's last small write waits for the server's
            // delayed ACK, 40-45 ms per message (22 msg/s a connection) against SmtpServer and smtp-sink alike;
            // and MailKit's small writes gathered into large ones (see CoalescingStream).
            var socket = await ConnectSocketAsync(ct);
            await client.ConnectAsync(new CoalescingStream(new NetworkStream(socket, ownsSocket: true)), settings.Host, settings.Port, settings.SecureSocketOptions, ct);
            if (!settings.Pipelining)
            {
                client.Capabilities &= ~SmtpCapabilities.Pipelining;
            }
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            return new Connection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<Socket> ConnectSocketAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var addresses = await Dns.GetHostAddressesAsync(settings.Host, timeout.Token);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, settings.Port, timeout.Token);
                return socket;
            }
            catch (SocketException e)
            {
                last = e;
                socket.Dispose();
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public bool IsConnected => client.IsConnected;

        public Task<string> SendAsync(MimeMessage message, CancellationToken ct) => client.SendAsync(message, ct);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(true, quit.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or System.Net.Sockets.SocketException)
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
