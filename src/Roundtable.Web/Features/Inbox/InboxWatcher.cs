using Hangfire;
using MailKit;
using MailKit.Net.Imap;

namespace Roundtable.Web.Features.Inbox;

/// <summary>
/// Keeps one connection to the reply mailbox in IDLE, where the server offers it, and queues a
/// <see cref="ReadInboxJob"/> as soon as a message arrives (so an Accept shows within seconds, not at the next minute).
/// Without IDLE, or while the server cannot be reached, the minute's recurring run alone reads the mailbox.
/// </summary>
public sealed class InboxWatcher(InboxSettings settings, IBackgroundJobClient jobs, ILogger<InboxWatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await WatchAsync(stoppingToken))
                {
                    return; // no IDLE: the recurring job polls
                }
                pause = TimeSpan.FromSeconds(5);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogInformation(e, "Watching the reply mailbox failed; trying again in {Pause}", pause);
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromSeconds(Math.Min(600, pause.TotalSeconds * 2));
            }
        }
    }

    private async Task<bool> WatchAsync(CancellationToken stoppingToken)
    {
        using var client = new ImapClient { Timeout = settings.TimeoutSeconds * 1000 };
        await client.ConnectAsync(settings.Host!, settings.Port, settings.SecureSocketOptions, stoppingToken);
        await client.AuthenticateAsync(settings.UserName ?? "", settings.Password ?? "", stoppingToken);
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await client.DisconnectAsync(true, stoppingToken);
            return false;
        }
        var folder = await client.GetFolderAsync(settings.Folder, stoppingToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, stoppingToken);
        var known = folder.Count;
        if (known > 0)
        {
            jobs.Enqueue<ReadInboxJob>(j => j.RunAsync(CancellationToken.None));
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            void Arrived(object? sender, EventArgs e) => done.Cancel();
            folder.CountChanged += Arrived;
            done.CancelAfter(TimeSpan.FromSeconds(settings.PollSeconds));
            try
            {
                await client.IdleAsync(done.Token, stoppingToken);
            }
            finally
            {
                folder.CountChanged -= Arrived;
            }
            if (folder.Count > known)
            {
                jobs.Enqueue<ReadInboxJob>(j => j.RunAsync(CancellationToken.None));
            }
            known = folder.Count;
        }
        return true;
    }
}
