using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Roundtable.Benchmarks;

/// <summary>postfix's smtp-sink on a loopback port, and smtp-source as the yardstick against it.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process process;

    public SmtpSink()
    {
        Port = FreePort();
        // smtp-sink refuses to run as root without a user to drop to.
        var user = Environment.UserName == "root" ? "-u postfix " : "";
        process = Process.Start(new ProcessStartInfo("/usr/sbin/smtp-sink", $"{user}127.0.0.1:{Port} 1024")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("smtp-sink did not start (apt-get install postfix).");
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new InvalidOperationException("smtp-sink is not listening.");
    }

    public int Port { get; }

    /// <summary>Messages a second smtp-source reaches: connections reused (-d), <paramref name="sessions"/> in parallel.</summary>
    public double SmtpSource(int count, int sessions, int size)
    {
        var watch = Stopwatch.StartNew();
        using var source = Process.Start(new ProcessStartInfo("/usr/sbin/smtp-source",
            $"-d -s {sessions} -m {count} -l {size} -f bench@example.org -t sink@example.org 127.0.0.1:{Port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        source.WaitForExit();
        watch.Stop();
        if (source.ExitCode != 0)
        {
            throw new InvalidOperationException("smtp-source failed: " + source.StandardError.ReadToEnd());
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
        process.Dispose();
    }
}
