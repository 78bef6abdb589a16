namespace Roundtable.Web.Features.MailOut;

/// <summary>Another worker took the run over (this one was too slow to renew its lease): stop without touching it.</summary>
public sealed class LeaseLostException(long runId) : Exception($"Mail-out {runId} is being worked on by another job.");

/// <summary>
/// The mail-out job's bookkeeping. A worker holds a run through a lease (token and expiry) so two copies of the job
/// (Hangfire may start one twice) never work on it at once; every step's outcome is written with the lease checked.
/// </summary>
public sealed class RunLedger(Db db, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const string AcquireSql = """
        UPDATE followup_runs SET status = 'running', lease_token = @token, lease_until = @until, attempts = attempts + 1,
            started_at = COALESCE(started_at, @now), updated_at = @now
        WHERE id = @runId AND (status = 'running' OR (status = 'scheduled' AND run_at <= @now))
          AND (lease_until IS NULL OR lease_until < @now)
        """ + " RETURNING " + MailOutRun.Columns;

    private const string ReleaseSql = "UPDATE followup_runs SET lease_token = NULL, lease_until = NULL WHERE id = @runId AND lease_token = @token";

    private const string RenewSql = "UPDATE followup_runs SET lease_until = @until, updated_at = @now WHERE id = @runId AND lease_token = @token";

    private const string LogSql = """
        INSERT INTO followup_steps (run_id, step, outcome, detail, created_at) VALUES (@runId, @step, @outcome, @detail, @now)
        """;

    private const string StopSql = """
        UPDATE followup_runs SET status = 'stopped', problem = @problem, lease_token = NULL, lease_until = NULL, updated_at = @now
        WHERE id = @runId AND lease_token = @token
        """;

    private const string FinishSql = """
        UPDATE followup_runs SET status = 'done', problem = NULL, finished_at = @now, updated_at = @now WHERE id = @runId AND lease_token = @token
        """;

    /// <returns>The run, now held by <paramref name="token"/>; null when it is not due, not running, or held by another worker.</returns>
    public async Task<MailOutRun?> AcquireAsync(long runId, string token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var run = await conn.QuerySingleOrDefaultAsync<MailOutRun>(new CommandDefinition(AcquireSql, new { runId, token, until = now + Lease, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return run;
    }

    public async Task ReleaseAsync(long runId, string token)
    {
        await using var conn = await db.OpenAsync(CancellationToken.None);
        await conn.ExecuteAsync(new CommandDefinition(ReleaseSql, new { runId, token }));
    }

    public async Task RenewAsync(long runId, string token, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await RenewAsync(conn, null, runId, token, ct);
    }

    public async Task RenewAsync(DbConnection conn, DbTransaction? tx, long runId, string token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await conn.ExecuteAsync(new CommandDefinition(RenewSql, new { runId, token, until = now + Lease, now }, tx, cancellationToken: ct)) == 0)
        {
            throw new LeaseLostException(runId);
        }
    }

    public async Task LogAsync(long runId, string step, string outcome, string detail, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await LogAsync(conn, null, runId, step, outcome, detail, ct);
    }

    public Task LogAsync(DbConnection conn, DbTransaction? tx, long runId, string step, string outcome, string detail, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(LogSql, new { runId, step, outcome, detail = Trim(detail), now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));

    /// <summary>
    /// Records one resume point (a column of followup_runs) and its log line in one transaction. Not cancellable: once
    /// a step's work is done (an edition assembled, invitations queued), recording it must not be abandoned halfway.
    /// </summary>
    public async Task CompleteAsync(long runId, string token, string step, string setSql, object values, string detail)
    {
        await using var conn = await db.OpenAsync(CancellationToken.None);
        await using var tx = await conn.BeginTransactionAsync(CancellationToken.None);
        await CompleteAsync(conn, tx, runId, token, step, setSql, values, detail);
        await tx.CommitAsync(CancellationToken.None);
    }

    /// <summary>The same, inside the caller's transaction: the step's work and its record commit together or not at all.</summary>
    public async Task CompleteAsync(DbConnection conn, DbTransaction tx, long runId, string token, string step, string setSql, object values, string detail)
    {
        var p = new DynamicParameters(values);
        p.Add("runId", runId);
        p.Add("token", token);
        p.Add("now", clock.GetUtcNow().UtcDateTime);
        if (await conn.ExecuteAsync(new CommandDefinition(setSql, p, tx)) == 0)
        {
            throw new LeaseLostException(runId);
        }
        await LogAsync(conn, tx, runId, step, "done", detail, CancellationToken.None);
    }

    /// <summary>The run needs the organizer: it stops with the reason, shown on its page, until they try again.</summary>
    public async Task StopAsync(long runId, string token, string step, string problem, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(CancellationToken.None);
        await using var tx = await conn.BeginTransactionAsync(CancellationToken.None);
        await conn.ExecuteAsync(new CommandDefinition(StopSql, new { runId, token, problem = Trim(problem), now = clock.GetUtcNow().UtcDateTime }, tx));
        await LogAsync(conn, tx, runId, step, "refused", problem, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    public async Task FinishAsync(long runId, string token, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(FinishSql, new { runId, token, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    private static string Trim(string s) => s.Length > 4000 ? s[..4000] : s;
}
