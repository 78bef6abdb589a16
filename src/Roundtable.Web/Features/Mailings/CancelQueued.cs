namespace Roundtable.Web.Features.Mailings;

/// <summary>Cancels what has not gone out yet; messages being sent at this moment still go.</summary>
public sealed class CancelQueued(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE outbox SET status = 'cancelled', updated_at = @now, last_smtp_text = 'Cancelled by an organizer.'
        WHERE mailing_id = @mailingId AND status IN ('queued', 'retrying')
        """;

    public async Task<int> HandleAsync(long mailingId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(Sql, new { mailingId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }
}
