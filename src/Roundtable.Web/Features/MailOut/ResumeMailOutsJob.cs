using Hangfire;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// The mail-out job's safety net, every minute and at start-up: starts scheduled runs that are due, and takes up
/// runs whose worker died (its lease expired) or failed. After a kill -9 the mail-out finishes by itself.
/// </summary>
public sealed class ResumeMailOutsJob(Db db, IBackgroundJobClient jobs, TimeProvider clock) : IStartupRecovery
{
    /// <summary>A failed run is tried again after this long (the job does not retry through Hangfire).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private const string DueSql = """
        SELECT id FROM followup_runs
        WHERE (status = 'scheduled' AND run_at <= @now)
           OR (status = 'running' AND (lease_until < @now OR (lease_until IS NULL AND updated_at < @retryBefore)))
        ORDER BY id
        """;

    private const string ReleaseAllSql = "UPDATE followup_runs SET lease_token = NULL, lease_until = NULL WHERE status = 'running' AND lease_token IS NOT NULL";

    private const string RunningSql = "SELECT id FROM followup_runs WHERE status = 'running' OR (status = 'scheduled' AND run_at <= @now) ORDER BY id";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        foreach (var runId in await conn.QueryAsync<long>(new CommandDefinition(DueSql, new { now, retryBefore = now - RetryAfter }, cancellationToken: ct)))
        {
            jobs.Enqueue<MailOutJob>(j => j.RunAsync(runId, CancellationToken.None));
        }
    }

    /// <summary>
    /// At start-up with one server process per database (SQLite) nobody else can hold a lease: every lease belongs to the
    /// process that stopped, so the runs are taken up at once instead of after their leases expire.
    /// </summary>
    public async Task RecoverAfterRestartAsync(bool singleProcess, CancellationToken ct)
    {
        if (!singleProcess)
        {
            await RunAsync(ct);
            return;
        }
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ReleaseAllSql, cancellationToken: ct));
        foreach (var runId in await conn.QueryAsync<long>(new CommandDefinition(RunningSql, new { now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct)))
        {
            jobs.Enqueue<MailOutJob>(j => j.RunAsync(runId, CancellationToken.None));
        }
    }
}
