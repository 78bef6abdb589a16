using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MimeKit;
using Roundtable.Tests.Support;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>
/// The built app (src/Roundtable.Web/bin/.../Roundtable.Web.dll) as a process of its own, started with dotnet exec
/// on a given database, keys folder and SMTP port, so a test can kill -9 it and start it again.
/// </summary>
public sealed class ExternalApp(string folder, int smtpPort, string? postgresConnectionString = null) : IDisposable
{
    private Process? process;

    public int Port { get; } = SmtpTestServer.FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    private readonly System.Text.StringBuilder log = new();

    public string Log { get { lock (log) { return log.ToString(); } } }

    public static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "Roundtable.Web", "bin", configuration, "net10.0", "Roundtable.Web.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }
        throw new FileNotFoundException("The built Roundtable.Web.dll was not found above " + AppContext.BaseDirectory + "; build the solution first.");
    }

    public async Task StartAsync()
    {
        var dll = Dll();
        var start = new ProcessStartInfo("dotnet", ["exec", dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Testing";
        env["ASPNETCORE_URLS"] = BaseUrl;
        env["Database__Provider"] = postgresConnectionString is null ? "Sqlite" : "Postgres";
        env["Database__ConnectionString"] = postgresConnectionString ?? $"Data Source={Path.Combine(folder, "roundtable.db")}";
        if (postgresConnectionString is not null)
        {
            // Several nodes: a dead node's claims are taken back when they expire, so keep them short here.
            env["Mail__ClaimSeconds"] = "6";
        }
        env["DataProtection__KeysPath"] = Path.Combine(folder, "keys");
        env["Jobs__StoragePath"] = Path.Combine(folder, "hangfire-external.db");
        env["Mail__Host"] = "127.0.0.1";
        env["Mail__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Mail__Security"] = "None";
        env["Mail__From"] = "reports@crash.example.org";
        env["Mail__PublicBaseUrl"] = BaseUrl;
        env["Mail__RetryBaseSeconds"] = "1";
        // Claims of at most 50 rows, so what a crash may repeat has a tight bound (MailOutCrashTests.InFlightAtMost).
        env["Mail__BatchSize"] = "50";
        env["Logging__LogLevel__Default"] = "Warning";
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, "The app exited at start-up: " + Log);
            try
            {
                if ((await probe.GetAsync(BaseUrl + "/account/login")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Assert.True(DateTime.UtcNow < until, "The app did not start: " + Log);
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL, with its Chromium: nothing is flushed, closed or recorded.</summary>
    public void Kill()
    {
        process!.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public WebSession Session() => new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(BaseUrl) });

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            Kill();
        }
        process?.Dispose();
    }
}

/// <summary>A loopback SMTP server that keeps only who got which Message-ID (and the size), for thousands of large messages.</summary>
public sealed class CountingSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public CountingSmtpServer()
    {
        Port = SmtpTestServer.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("roundtable-crash-test").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<(string To, string MessageId, long Size)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private sealed class Store(CountingSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var head = new MemoryStream(buffer.Slice(0, Math.Min(buffer.Length, 16 * 1024)).ToArray());
            var headers = HeaderList.Load(head);
            server.Received.Enqueue(($"{transaction.To[0].User}@{transaction.To[0].Host}", headers[HeaderId.MessageId] ?? "", buffer.Length));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
