namespace Roundtable.Web.Features.Mailings;

/// <summary>
/// A mailing as its page and its polling script show it: the counts and the recipients' rows from one statement, so
/// the totals never say "10 sent" while the rows still say "queued" (or the reverse). The skipped list is read in the
/// same snapshot.
/// </summary>
public sealed class GetMailingSnapshot(Db db)
{
    public sealed class Snapshot
    {
        public MailingProgress Mailing { get; init; } = new();
        public IReadOnlyList<ListMailingRecipients.Row> Recipients { get; init; } = [];
        public IReadOnlyList<ListMailingRecipients.Skip> Skips { get; init; } = [];
    }

    // The window aggregates run over every row of the mailing before LIMIT cuts the list: counts and rows are one read.
    // Each line is the mailing's counts (a MailingProgress) and, from o.id on, one recipient's row (none: all NULL).
    // Problems first: whoever did not get the mail is what the organizer needs to see.
    private const string Sql = """
        SELECT m.id, m.roundtable_id, m.kind, m.title, m.created_at,
            COUNT(o.id) OVER () AS total,
            SUM(CASE WHEN o.status = 'queued' THEN 1 ELSE 0 END) OVER () AS queued,
            SUM(CASE WHEN o.status = 'sending' THEN 1 ELSE 0 END) OVER () AS sending,
            SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END) OVER () AS sent,
            SUM(CASE WHEN o.status = 'retrying' THEN 1 ELSE 0 END) OVER () AS retrying,
            SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END) OVER () AS failed,
            SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) OVER () AS cancelled,
            SUM(CASE WHEN o.status = 'sent' AND o.sent_at >= @recent THEN 1 ELSE 0 END) OVER () AS sent_last10s,
            MAX(o.sent_at) OVER () AS last_sent_at,
            (SELECT COUNT(*) FROM mailing_skips s WHERE s.mailing_id = m.id) AS skipped,
            o.id, o.recipient_name, o.address, o.status, o.attempts, o.last_smtp_code, o.last_smtp_text, o.sent_at, o.next_attempt_at, o.message_id, o.resends
        FROM mailings m LEFT JOIN outbox o ON o.mailing_id = m.id
        WHERE m.id = @mailingId
        ORDER BY CASE o.status WHEN 'failed' THEN 0 WHEN 'retrying' THEN 1 WHEN 'sending' THEN 2 WHEN 'queued' THEN 3 WHEN 'cancelled' THEN 4 ELSE 5 END,
                 o.recipient_name, o.id
        LIMIT @limit
        """;

    private const string SkipsSql = "SELECT recipient_name, reason FROM mailing_skips WHERE mailing_id = @mailingId ORDER BY recipient_name";

    /// <returns>null when there is no such mailing.</returns>
    public async Task<Snapshot?> HandleAsync(long mailingId, int limit, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await ReadSnapshot.BeginAsync(db, conn, ct);
        var lines = (await conn.QueryAsync<MailingProgress, ListMailingRecipients.Row?, (MailingProgress Mailing, ListMailingRecipients.Row? Recipient)>(
            new CommandDefinition(Sql, new { mailingId, limit, recent = now.AddSeconds(-10) }, tx, cancellationToken: ct),
            (mailing, recipient) => (mailing, recipient), splitOn: "id")).AsList();
        if (lines.Count == 0)
        {
            return null;
        }
        var skips = (await conn.QueryAsync<ListMailingRecipients.Skip>(new CommandDefinition(SkipsSql, new { mailingId }, tx, cancellationToken: ct))).AsList();
        await tx.CommitAsync(ct);
        return new Snapshot
        {
            Mailing = lines[0].Mailing,
            Recipients = [.. lines.Where(l => l.Recipient is not null).Select(l => l.Recipient!)],
            Skips = skips,
        };
    }
}
