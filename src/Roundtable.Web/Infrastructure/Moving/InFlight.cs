using Npgsql;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>
/// Claims held by the process that ran on SQLite, which will never come back to finish them: cleared in the copy so the
/// first PostgreSQL node takes the work up at once instead of waiting for leases to run out.
/// </summary>
public static class InFlight
{
    // As the sweeper does with an expired claim (OutboxClaims' RecoverSql): the message goes out again, same Message-ID.
    private const string OutboxSql = """
        UPDATE outbox SET status = 'retrying', claim_token = NULL, claimed_until = NULL, next_attempt_at = @now, updated_at = @now,
            last_smtp_text = 'Interrupted while sending (moved to PostgreSQL); it goes out again with the same Message-ID.'
        WHERE status = 'sending'
        """;

    // Claims of rows no longer being sent (none are left by the app, but a lease is never worth keeping across the move).
    private const string OutboxStaleSql = "UPDATE outbox SET claim_token = NULL, claimed_until = NULL WHERE claim_token IS NOT NULL OR claimed_until IS NOT NULL";

    // As ResumeFollowUpsJob does at start-up on SQLite: a running run without a lease is resumed by the next sweep.
    private const string RunsSql = "UPDATE followup_runs SET lease_token = NULL, lease_until = NULL WHERE lease_token IS NOT NULL OR lease_until IS NOT NULL";

    public static async Task<(int Messages, int Runs)> ClearAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime now, CancellationToken ct)
    {
        var messages = await conn.ExecuteAsync(new CommandDefinition(OutboxSql, new { now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(OutboxStaleSql, transaction: tx, cancellationToken: ct));
        var runs = await conn.ExecuteAsync(new CommandDefinition(RunsSql, transaction: tx, cancellationToken: ct));
        return (messages, runs);
    }
}
