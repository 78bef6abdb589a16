using Hangfire;

namespace Roundtable.Web.Features.Mailings;

/// <summary>
/// Drains one mailing's due outbox rows over several SMTP connections, each reused across batches. Safe to run
/// twice, or twice at once: a row is claimed before it is sent, so no run sends another run's rows; within one
/// process a second run leaves the work to the first, which drains once more before it stops.
/// </summary>
/// <remarks>
/// Each connection is worked by a thread of its own, synchronously: the worker waits on the server three times a
/// message, and blocking on the socket there costs half the CPU of awaiting it (see <see cref="IMailTransport"/>).
/// The threads are dedicated ones, so the blocking never takes a thread from the pool that serves requests and jobs,
/// and they run below the app's priority (<see cref="DeliveryThreads"/>).
/// </remarks>
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
                await Task.Factory.StartNew(() => Drain(mailingId, attachments, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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

    /// <summary>
    /// Starts a worker for each connection and waits for them, on a thread of normal priority: the workers run below it
    /// (see <see cref="DeliveryThreads"/>), and what follows them in <see cref="RunAsync"/> must not run on theirs.
    /// </summary>
    private void Drain(long mailingId, IReadOnlyList<MailingAttachment> attachments, CancellationToken ct)
    {
        var workers = Enumerable.Range(0, settings.Connections)
            .Select(_ => DeliveryThreads.Start(() => Work(mailingId, attachments, ct), settings.DeliveryNice))
            .ToArray();
        Task.WhenAll(workers).GetAwaiter().GetResult();
    }

    /// <summary>
    /// One connection's share of the mailing. The worker holds two batches: the one going out, and the next, claimed on
    /// another thread in the same transaction that records the batch before; so the connection never waits for the
    /// database, and the database is written once per batch. A crash repeats at most those two batches.
    /// </summary>
    private void Work(long mailingId, IReadOnlyList<MailingAttachment> attachments, CancellationToken ct)
    {
        var token = OutboxClaims.NewToken();
        using var session = new Session(claims, builder, transport, clock, log, mailingId, attachments);
        var size = new ClaimSize(settings.BatchSize);
        var batch = claims.Claim(mailingId, token, size.Next, ct);
        if (batch.Count == 0)
        {
            return;
        }
        var first = size.Next;
        var ahead = InBackground(() => claims.RecordAndClaim(mailingId, token, [], [], first));
        while (true)
        {
            var started = clock.GetTimestamp();
            var sent = session.Send(batch, token, ct);
            size.Took(batch.Count, clock.GetElapsedTime(started));
            IReadOnlyList<ClaimedMessage> next;
            try
            {
                next = ahead.GetAwaiter().GetResult();
            }
            catch
            {
                // Recording the batch before failed; this one's outcomes are still worth keeping.
                claims.RecordAndClaim(mailingId, token, sent.Outcomes, sent.Unsent, 0);
                throw;
            }
            if (sent.Stop || next.Count == 0)
            {
                // Stopping: what was claimed ahead goes back to the queue untouched.
                claims.RecordAndClaim(mailingId, token, sent.Outcomes, [.. sent.Unsent, .. next.Select(m => m.Id)], 0);
                return;
            }
            var limit = size.Next;
            ahead = InBackground(() => claims.RecordAndClaim(mailingId, token, sent.Outcomes, sent.Unsent, limit));
            batch = next;
        }
    }

    /// <summary>
    /// How many rows a worker claims at a time: what its connection sends in about a tenth of a second at the pace of its
    /// last batch, at most <see cref="MailSettings.BatchSize"/>. Into a fast relay that is the most, and the outbox
    /// commits a few times a second per connection instead of a hundred (invitations benchmark, 4 sessions: a claim of
    /// 100 gave 0.78-0.81 of smtp-source, 250 gave 0.87-0.89). Into a slow one it is a few: what a crash repeats, and
    /// what still goes out after a mailing is cancelled (claimed rows are sent), stay a fraction of a second's worth.
    /// The first claims are small, so a mailing of a few dozen is shared by the connections rather than sent over one.
    /// </summary>
    private sealed class ClaimSize(int most)
    {
        private const int First = 10;
        private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(100);

        public int Next { get; private set; } = Math.Min(First, most);

        public void Took(int messages, TimeSpan elapsed)
        {
            if (messages > 0)
            {
                Next = elapsed <= TimeSpan.Zero ? most : (int)Math.Clamp(messages * Target.Ticks / elapsed.Ticks, 1, most);
            }
        }
    }

    // A thread of its own too: the database call may wait its turn to write, and must not hold a pool thread meanwhile.
    private Task<T> InBackground<T>(Func<T> work) => DeliveryThreads.Start(work, settings.DeliveryNice);

    private sealed record BatchResult(List<DeliveryOutcome> Outcomes, List<long> Unsent, bool Stop);

    /// <summary>A worker's SMTP connection, opened when first needed, and the one message it refills for each recipient.</summary>
    private sealed class Session(OutboxClaims claims, MessageBuilder builder, IMailTransport transport, TimeProvider clock, ILogger log,
        long mailingId, IReadOnlyList<MailingAttachment> attachments) : IDisposable
    {
        private IMailConnection? connection;
        private MimeKit.MimeMessage? message;

        public BatchResult Send(IReadOnlyList<ClaimedMessage> batch, string token, CancellationToken ct)
        {
            var renewAt = claims.RenewAfter(clock.GetUtcNow().UtcDateTime);
            IReadOnlySet<long>? held = null;
            var outcomes = new List<DeliveryOutcome>(batch.Count);
            var unsent = new List<long>();
            var serverDown = false;
            foreach (var m in batch)
            {
                if (ct.IsCancellationRequested)
                {
                    unsent.Add(m.Id);
                    continue;
                }
                if (clock.GetUtcNow().UtcDateTime >= renewAt)
                {
                    // Sending took long enough that the lease must be renewed before it runs out and the sweeper
                    // hands these rows to another worker.
                    held = claims.Renew(token);
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
                        connection?.Dispose();
                        connection = null;
                        connection = transport.Connect(ct);
                    }
                    message = builder.Build(m, attachments, message);
                    outcomes.Add(claims.Sent(m, connection.Send(message, ct)));
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    // Stopping: cancelling closed the socket under this message, which goes back to the queue.
                    unsent.Add(m.Id);
                }
                catch (Exception e)
                {
                    var failure = SmtpFailure.From(e);
                    log.LogWarning("Mailing {MailingId}: message {OutboxId} to {Address}: {Reason}", mailingId, m.Id, m.Address, failure.Text);
                    outcomes.Add(claims.Failed(m, failure));
                    if (failure.ConnectionLost)
                    {
                        // A server that cannot be reached now will not be reached by the next message either:
                        // the rest of the batch waits for its retry instead of hammering it.
                        serverDown = connection is null;
                        connection?.Dispose();
                        connection = null;
                    }
                }
            }
            return new BatchResult(outcomes, unsent, serverDown || ct.IsCancellationRequested);
        }

        public void Dispose()
        {
            message?.Dispose();
            connection?.Dispose();
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
