using Hangfire;

namespace Roundtable.Web.Features.Mailings;

/// <summary>
/// Sends one recipient's message again (after a failure, a cancel, or a lost mail). A resend is a new message,
/// so it gets a new Message-ID; a retry of the same message never does.
/// </summary>
public sealed class ResendRecipient(Db db, Outbox outbox, IBackgroundJobClient jobs, TimeProvider clock)
{
    private sealed class Row
    {
        public string RecipientKey { get; init; } = "";
        public int Resends { get; init; }
    }

    private const string GetSql = """
        SELECT recipient_key, resends FROM outbox WHERE id = @id AND mailing_id = @mailingId AND status IN ('sent', 'failed', 'cancelled')
        """;

    private const string Sql = """
        UPDATE outbox SET status = 'queued', resends = @resends, message_id = @messageId, attempts = 0, next_attempt_at = @now,
            last_smtp_code = NULL, last_smtp_text = NULL, updated_at = @now
        WHERE id = @id AND mailing_id = @mailingId AND status IN ('sent', 'failed', 'cancelled') AND resends = @previous
        """;

    public async Task<bool> HandleAsync(long mailingId, long outboxId, CancellationToken ct)
    {
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql, new { id = outboxId, mailingId }, tx, cancellationToken: ct));
            if (row is null)
            {
                return false;
            }
            var resends = row.Resends + 1;
            // Another organizer's resend of the same row between the read and this update wins; this one does nothing.
            if (await conn.ExecuteAsync(new CommandDefinition(Sql, new
            {
                id = outboxId, mailingId, resends, previous = row.Resends, messageId = outbox.MessageId(mailingId, row.RecipientKey, resends), now = clock.GetUtcNow().UtcDateTime,
            }, tx, cancellationToken: ct)) == 0)
            {
                return false;
            }
            await tx.CommitAsync(ct);
        }
        jobs.Enqueue<DeliverMailingJob>(j => j.RunAsync(mailingId, CancellationToken.None));
        return true;
    }
}
