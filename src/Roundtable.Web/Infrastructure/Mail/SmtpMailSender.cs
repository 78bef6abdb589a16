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
            await client.ConnectAsync(settings.Host, settings.Port, settings.SecureSocketOptions, ct);
            // With PIPELINING, MailKit's small writes meet Nagle and delayed ACKs: 44 ms per message against
            // some servers. Without it every command is one round trip on loopback, far cheaper.
            client.Capabilities &= ~SmtpCapabilities.Pipelining;
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
