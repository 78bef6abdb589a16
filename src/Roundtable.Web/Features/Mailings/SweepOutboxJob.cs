using Hangfire;

namespace Roundtable.Web.Features.Mailings;

/// <summary>
/// The safety net, run every minute and at start-up: takes back rows whose claim expired (a process died while
/// sending them) and starts a delivery run for every mailing with rows due. A mailing interrupted by a restart
/// finishes without anyone touching it.
/// </summary>
public sealed class SweepOutboxJob(OutboxClaims claims, MailSettings settings, IBackgroundJobClient jobs, TimeProvider clock) : IStartupRecovery
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        await claims.RecoverAsync(clock.GetUtcNow().UtcDateTime, ct);
        foreach (var mailingId in await claims.DueMailingsAsync(ct))
        {
            jobs.Enqueue<DeliverMailingJob>(j => j.RunAsync(mailingId, CancellationToken.None));
        }
    }

    /// <summary>
    /// At start-up with one server process per database (SQLite), no other process can be sending: every row left
    /// 'sending' belongs to the process that stopped, so it is taken back at once instead of after its claim expires.
    /// </summary>
    public async Task RecoverAfterRestartAsync(bool singleProcess, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await claims.RecoverAsync(singleProcess ? now.AddSeconds(settings.ClaimSeconds + 1) : now, ct);
        await RunAsync(ct);
    }
}
