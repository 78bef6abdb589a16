using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Roundtable.Tests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer package) on loopback. Every accepted message is parsed with MimeKit; a rule
/// can answer a recipient with a 4xx or 5xx instead, as a real relay would.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public SmtpTestServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("roundtable-tests")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>Answers for one message to an address: null accepts it; otherwise the reply to give.</summary>
    public Func<string, SmtpResponse?> Rule { get; set; } = _ => null;

    public int Attempts => attempts;

    /// <summary>How long the server takes over each message before it answers (a slow relay).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>The most messages the server has been taking at the same time (over several sessions) since the last reset.</summary>
    public int MostAtOnce => mostAtOnce;

    public void ResetMostAtOnce() => Interlocked.Exchange(ref mostAtOnce, 0);

    private int attempts;
    private int atOnce;
    private int mostAtOnce;

    public IReadOnlyList<MimeMessage> To(string address) =>
        Received.Where(m => m.To.Mailboxes.Any(x => x.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async Task WaitForAsync(Func<SmtpTestServer, bool> condition, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(this))
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for mail; {Received.Count} received so far.");
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref server.attempts);
            var now = Interlocked.Increment(ref server.atOnce);
            for (var most = server.mostAtOnce; now > most; most = server.mostAtOnce)
            {
                Interlocked.CompareExchange(ref server.mostAtOnce, now, most);
            }
            try
            {
                if (server.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(server.Delay, cancellationToken);
                }
            }
            finally
            {
                Interlocked.Decrement(ref server.atOnce);
            }
            var to = transaction.To.Count == 0 ? "" : $"{transaction.To[0].User}@{transaction.To[0].Host}";
            if (server.Rule(to) is { } refusal)
            {
                return refusal;
            }
            using var stream = new MemoryStream(buffer.ToArray());
            server.Received.Enqueue(MimeMessage.Load(stream));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>The app pointed at its own loopback SMTP server; retries come after about a second.</summary>
public class MailAppFactory : AppFactory
{
    public SmtpTestServer Smtp { get; } = new();

    protected virtual bool RunJobs => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:From"] = "invitations@institute.example.org",
        ["Mail:FromName"] = "Test Institute",
        ["Mail:ReplyTo"] = "organizers@institute.example.org",
        ["Mail:PublicBaseUrl"] = "http://localhost",
        ["Mail:RetryBaseSeconds"] = "1",
        ["Mail:Connections"] = "3",
        ["Mail:BatchSize"] = "10",
        ["Jobs:Server"] = RunJobs ? "true" : "false",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>No Hangfire server: the test runs the jobs itself, directly, as often as it wants.</summary>
public sealed class DirectJobsAppFactory : MailAppFactory
{
    protected override bool RunJobs => false;
}
