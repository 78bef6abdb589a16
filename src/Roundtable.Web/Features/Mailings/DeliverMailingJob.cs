using Hangfire;
using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Web.Features.Mailings;

/// <summary>
/// Drains one mailing's due outbox rows over several SMTP connections, each reused across batches. Safe to run
/// twice, or twice at once: a row is claimed before it is sent, so no run sends another run's rows; within one
/// process a second run leaves the work to the first, which drains once more before it stops.
/// </summary>
public sealed class DeliverMailingJob(
    OutboxClaims claims, MessageBuilder builder, IMailTransport transport, MailSettings settings,
    IBackgroundJobClient jobs, TimeProvider clock, ILogger<DeliverMailingJob> log)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(long mailingId, CancellationToken ct)
    {
        if (!claims.StartRun(mailingId))
        {
            return;
        }
        try
        {
            var attachments = await builder.AttachmentsAsync(mailingId, ct);
            do
            {
                var workers = Enumerable.Range(0, settings.Connections).Select(_ => Task.Run(() => WorkAsync(mailingId, attachments, ct), ct));
                await Task.WhenAll(workers);
                ct.ThrowIfCancellationRequested();
            }
            while (!claims.FinishRun(mailingId));
        }
        catch
        {
            claims.AbandonRun(mailingId);
            throw;
        }

        // Rows waiting for a retry get a run of their own when they are due (the sweeper is the safety net).
        if (await claims.NextDueAsync(mailingId, ct) is { } next)
        {
            var delay = next - clock.GetUtcNow().UtcDateTime;
            jobs.Schedule<DeliverMailingJob>(j => j.RunAsync(mailingId, CancellationToken.None), delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay);
        }
    }

    private async Task WorkAsync(long mailingId, IReadOnlyList<MailingAttachment> attachments, CancellationToken ct)
    {
        var token = OutboxClaims.NewToken();
        IMailConnection? connection = null;
        MimeKit.MimeMessage? message = null; // one per worker, refilled for each recipient
        try
        {
            var batch = await claims.ClaimAsync(mailingId, token, settings.BatchSize, ct);
            while (batch.Count > 0)
            {
                var renewAt = claims.RenewAfter(clock.GetUtcNow().UtcDateTime);
                IReadOnlySet<long>? held = null;
                var outcomes = new List<DeliveryOutcome>(batch.Count);
                var unsent = new List<long>();
                var serverDown = false;
                for (var i = 0; i < batch.Count; i++)
                {
                    var m = batch[i];
                    if (ct.IsCancellationRequested)
                    {
                        unsent.Add(m.Id);
                        continue;
                    }
                    if (clock.GetUtcNow().UtcDateTime >= renewAt)
                    {
                        // Sending took long enough that the lease must be renewed before it runs out and the sweeper
                        // hands these rows to another worker.
                        held = await claims.RenewAsync(token, ct);
                        renewAt = claims.RenewAfter(clock.GetUtcNow().UtcDateTime);
                    }
                    if (held is not null && !held.Contains(m.Id))
                    {
                        continue;
                    }
                    if (serverDown)
                    {
                        outcomes.Add(claims.Failed(m, new SmtpFailure(true, null, outcomes[^1].Text ?? "The mail server is unreachable.", true)));
                        continue;
                    }
                    try
                    {
                        if (connection is not { IsConnected: true })
                        {
                            if (connection is not null) { await connection.DisposeAsync(); }
                            connection = null;
                            connection = await transport.ConnectAsync(ct);
                        }
                        message = builder.Build(m, attachments, message);
                        var reply = await connection.SendAsync(message, ct);
                        outcomes.Add(claims.Sent(m, reply));
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        var failure = SmtpFailure.From(e);
                        log.LogWarning("Mailing {MailingId}: message {OutboxId} to {Address}: {Reason}", mailingId, m.Id, m.Address, failure.Text);
                        outcomes.Add(claims.Failed(m, failure));
                        if (failure.ConnectionLost)
                        {
                            // A server that cannot be reached now will not be reached by the next message either:
                            // the rest of the batch waits for its retry instead of hammering it.
                            serverDown = connection is null;
                            if (connection is not null) { await connection.DisposeAsync(); }
                            connection = null;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        unsent.Add(m.Id);
                    }
                }
                var stop = serverDown || ct.IsCancellationRequested;
                batch = await claims.RecordAndClaimAsync(mailingId, token, outcomes, unsent, stop ? 0 : settings.BatchSize);
                if (stop)
                {
                    return;
                }
            }
        }
        finally
        {
            message?.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}

public static class DeliveryRuns
{
    /// <summary>Starts delivering a mailing with <see cref="MailSettings.DeliveryJobs"/> runs, so several nodes can share it.</summary>
    public static void StartDelivery(this IBackgroundJobClient jobs, long mailingId, MailSettings settings)
    {
        for (var i = 0; i < settings.DeliveryJobs; i++)
        {
            jobs.Enqueue<DeliverMailingJob>(j => j.RunAsync(mailingId, CancellationToken.None));
        }
    }
}
