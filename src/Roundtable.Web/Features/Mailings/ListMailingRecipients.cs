namespace Roundtable.Web.Features.Mailings;

public sealed class ListMailingRecipients(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string RecipientName { get; init; } = "";
        public string Address { get; init; } = "";
        public string Status { get; init; } = "";
        public int Attempts { get; init; }
        public int? LastSmtpCode { get; init; }
        public string? LastSmtpText { get; init; }
        public DateTime? SentAt { get; init; }
        public DateTime NextAttemptAt { get; init; }
        public string MessageId { get; init; } = "";
        public int Resends { get; init; }
    }

    public sealed class Skip
    {
        public string RecipientName { get; init; } = "";
        public string Reason { get; init; } = "";
    }

    // Problems first: whoever did not get the mail is what the organizer needs to see.
    private const string Sql = """
        SELECT id, recipient_name, address, status, attempts, last_smtp_code, last_smtp_text, sent_at, next_attempt_at, message_id, resends
        FROM outbox WHERE mailing_id = @mailingId
        ORDER BY CASE status WHEN 'failed' THEN 0 WHEN 'retrying' THEN 1 WHEN 'sending' THEN 2 WHEN 'queued' THEN 3 WHEN 'cancelled' THEN 4 ELSE 5 END,
                 recipient_name, id
        LIMIT @limit
        """;

    private const string SkipsSql = "SELECT recipient_name, reason FROM mailing_skips WHERE mailing_id = @mailingId ORDER BY recipient_name";

    public async Task<(IReadOnlyList<Row> Rows, IReadOnlyList<Skip> Skips)> HandleAsync(long mailingId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { mailingId, limit }, cancellationToken: ct))).AsList();
        var skips = (await conn.QueryAsync<Skip>(new CommandDefinition(SkipsSql, new { mailingId }, cancellationToken: ct))).AsList();
        return (rows, skips);
    }
}
