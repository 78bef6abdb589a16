using System.Buffers;
using System.Net;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>
/// Development only: an SMTP server on loopback that keeps every message it receives as an .eml file, so the
/// app shows real mail (in the Dev mailbox page) with no other server installed.
/// </summary>
public sealed class DevMailCatcher(MailSettings settings, IHostEnvironment env, TimeProvider clock, ILogger<DevMailCatcher> log) : BackgroundService
{
    public static string FolderOf(MailSettings settings, IHostEnvironment env) =>
        Path.IsPathRooted(settings.DevCatcherFolder) ? settings.DevCatcherFolder : Path.Combine(env.ContentRootPath, settings.DevCatcherFolder);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = FolderOf(settings, env);
        Directory.CreateDirectory(folder);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("roundtable-dev-mailbox")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, settings.DevCatcherPort)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new FolderStore(folder, clock));
        var server = new SmtpServer.SmtpServer(options, services);
        log.LogInformation("Dev mailbox: catching mail on 127.0.0.1:{Port}, kept in {Folder}. Read it at /dev/mailbox.", settings.DevCatcherPort, folder);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // The app still runs; mail stays in the outbox as "retrying" until a catcher or relay answers.
            log.LogError("Dev mailbox: cannot listen on 127.0.0.1:{Port} ({Reason}). Set Mail:DevCatcherPort to a free port.", settings.DevCatcherPort, e.SocketErrorCode);
        }
    }

    private sealed class FolderStore(string folder, TimeProvider clock) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var name = $"{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmssfffffff}-{Guid.NewGuid():N}.eml";
            var temp = Path.Combine(folder, name + ".tmp");
            await using (var file = File.Create(temp))
            {
                foreach (var segment in buffer)
                {
                    await file.WriteAsync(segment, cancellationToken);
                }
            }
            File.Move(temp, Path.Combine(folder, name));
            return SmtpResponse.Ok;
        }
    }
}
