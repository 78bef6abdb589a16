namespace Roundtable.Web.Features.MailOut;

/// <summary>Who received which edition of the report: every report mail's outbox row with the edition its mailing carried.</summary>
public sealed class ListReportDeliveries(Db db)
{
    public sealed class Row
    {
        public long OutboxId { get; init; }
        public long MailingId { get; init; }
        public long? ParticipationId { get; init; }
        public string RecipientName { get; init; } = "";
        public string Address { get; init; } = "";
        public int? Edition { get; init; }
        public string Status { get; init; } = "";
        public DateTime? SentAt { get; init; }
        public string MessageId { get; init; } = "";
        public int Resends { get; init; }
        public int? LastSmtpCode { get; init; }
        public string? LastSmtpText { get; init; }
    }

    public sealed class EditionSummary
    {
        public int? Edition { get; init; }
        public long MailingId { get; init; }
        public DateTime CreatedAt { get; init; }
        public long Total { get; init; }
        public long Sent { get; init; }
        public long Failed { get; init; }
        public long Skipped { get; init; }
    }

    private const string Sql = """
        SELECT o.id AS outbox_id, o.mailing_id, o.participation_id, o.recipient_name, o.address, e.number AS edition, o.status, o.sent_at,
               o.message_id, o.resends, o.last_smtp_code, o.last_smtp_text
        FROM outbox o JOIN mailings m ON m.id = o.mailing_id LEFT JOIN report_editions e ON e.id = m.edition_id
        WHERE m.roundtable_id = @roundtableId AND m.kind = 'report'
          AND (@edition IS NULL OR e.number = @edition) AND (@status IS NULL OR o.status = @status)
        ORDER BY o.recipient_name, o.address, e.number DESC, o.id
        LIMIT @limit
        """;

    private const string SummarySql = """
        SELECT e.number AS edition, m.id AS mailing_id, m.created_at,
               (SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id) AS total,
               (SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id AND o.status = 'sent') AS sent,
               (SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id AND o.status = 'failed') AS failed,
               (SELECT COUNT(*) FROM mailing_skips s WHERE s.mailing_id = m.id) AS skipped
        FROM mailings m LEFT JOIN report_editions e ON e.id = m.edition_id
        WHERE m.roundtable_id = @roundtableId AND m.kind = 'report'
        ORDER BY m.id DESC
        """;

    public sealed class Skip
    {
        public int? Edition { get; init; }
        public string RecipientName { get; init; } = "";
        public string Reason { get; init; } = "";
    }

    private const string SkipsSql = """
        SELECT e.number AS edition, s.recipient_name, s.reason
        FROM mailing_skips s JOIN mailings m ON m.id = s.mailing_id LEFT JOIN report_editions e ON e.id = m.edition_id
        WHERE m.roundtable_id = @roundtableId AND m.kind = 'report'
        ORDER BY s.recipient_name, e.number DESC
        """;

    /// <summary>Who a report mailing could not reach, and why (no address).</summary>
    public async Task<IReadOnlyList<Skip>> SkipsAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Skip>(new CommandDefinition(SkipsSql, new { roundtableId }, cancellationToken: ct))).AsList();
    }

    private const string ReceivedSql = """
        SELECT DISTINCT o.participation_id, e.number FROM outbox o JOIN mailings m ON m.id = o.mailing_id JOIN report_editions e ON e.id = m.edition_id
        WHERE m.roundtable_id = @roundtableId AND m.kind = 'report' AND o.status = 'sent' AND o.participation_id IS NOT NULL
        """;

    /// <summary>The editions each participant has been sent, for the mail-out page.</summary>
    public async Task<ILookup<long, int>> ReceivedAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<(long ParticipationId, long Number)>(new CommandDefinition(ReceivedSql, new { roundtableId }, cancellationToken: ct)))
            .ToLookup(r => r.ParticipationId, r => (int)r.Number);
    }

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, int? edition, string? status, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId, edition, status, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<EditionSummary>> SummaryAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<EditionSummary>(new CommandDefinition(SummarySql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
