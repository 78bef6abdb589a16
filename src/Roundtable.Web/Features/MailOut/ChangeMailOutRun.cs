using Hangfire;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// The organizer's answers to a run: try a stopped run again (with the reason to publish despite warnings, when that
/// was what it stopped for), or cancel a draft, a scheduled run or a stopped one. A running run is not cancelled
/// half-way; its mailings have their own cancel.
/// </summary>
public sealed class ChangeMailOutRun(Db db, IBackgroundJobClient jobs, TimeProvider clock)
{
    private const string RetrySql = """
        UPDATE followup_runs SET status = 'running', problem = NULL, attempts = 0, override_reason = COALESCE(@reason, override_reason), updated_at = @now
        WHERE id = @runId AND roundtable_id = @roundtableId AND status = 'stopped'
        """;

    private const string CancelSql = """
        UPDATE followup_runs SET status = 'cancelled', updated_at = @now, finished_at = @now
        WHERE id = @runId AND roundtable_id = @roundtableId AND status IN ('draft', 'scheduled', 'stopped')
        """;

    private const string LogSql = """
        INSERT INTO followup_steps (run_id, step, outcome, detail, created_at) VALUES (@runId, 'organizer', @outcome, @detail, @now)
        """;

    public async Task<bool> HandleAsync(long roundtableId, long runId, string? reason, CancellationToken ct)
    {
        var given = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(500, reason.Trim().Length)];
        if (!await ChangeAsync(RetrySql, roundtableId, runId, given, "retried", given is null ? "Tried again." : $"Tried again with the reason: {given}", ct))
        {
            return false;
        }
        jobs.Enqueue<MailOutJob>(j => j.RunAsync(runId, CancellationToken.None));
        return true;
    }

    public Task<bool> CancelAsync(long roundtableId, long runId, CancellationToken ct) =>
        ChangeAsync(CancelSql, roundtableId, runId, null, "cancelled", "Cancelled; mail already queued goes on (cancel it on the mailing's page).", ct);

    private async Task<bool> ChangeAsync(string sql, long roundtableId, long runId, string? reason, string outcome, string detail, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(sql, new { runId, roundtableId, reason, now }, tx, cancellationToken: ct)) == 0)
        {
            return false;
        }
        await conn.ExecuteAsync(new CommandDefinition(LogSql, new { runId, outcome, detail, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
