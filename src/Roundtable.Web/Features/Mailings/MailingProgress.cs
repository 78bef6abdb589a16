namespace Roundtable.Web.Features.Mailings;

/// <summary>One mailing's counts by status, and how fast it is going.</summary>
public sealed class MailingProgress
{
    public long Id { get; init; }
    public long? RoundtableId { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public int Total { get; init; }
    public int Queued { get; init; }
    public int Sending { get; init; }
    public int Sent { get; init; }
    public int Retrying { get; init; }
    public int Failed { get; init; }
    public int Cancelled { get; init; }
    public int Skipped { get; init; }
    public int SentLast10s { get; init; }
    public DateTime? LastSentAt { get; init; }

    public int Done => Sent + Failed + Cancelled;

    public bool Finished => Queued + Sending + Retrying == 0;

    public string State => Sending + Queued > 0 ? "sending" : Retrying > 0 ? "retrying" : Failed > 0 ? "finished with failures" : "finished";

    /// <summary>Messages a second: over the last 10 s while sending, from creation to the last message once finished.</summary>
    public double Rate => !Finished ? SentLast10s / 10.0
        : LastSentAt is { } last && last > CreatedAt ? Math.Round(Sent / (last - CreatedAt).TotalSeconds, 1) : 0;
}

public sealed class ListMailings(Db db)
{
    public const string Select = """
        SELECT m.id, m.roundtable_id, m.kind, m.title, m.created_at,
            COUNT(o.id) AS total,
            COALESCE(SUM(CASE WHEN o.status = 'queued' THEN 1 ELSE 0 END), 0) AS queued,
            COALESCE(SUM(CASE WHEN o.status = 'sending' THEN 1 ELSE 0 END), 0) AS sending,
            COALESCE(SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END), 0) AS sent,
            COALESCE(SUM(CASE WHEN o.status = 'retrying' THEN 1 ELSE 0 END), 0) AS retrying,
            COALESCE(SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
            COALESCE(SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END), 0) AS cancelled,
            COALESCE(SUM(CASE WHEN o.status = 'sent' AND o.sent_at >= @recent THEN 1 ELSE 0 END), 0) AS sent_last10s,
            (SELECT COUNT(*) FROM mailing_skips s WHERE s.mailing_id = m.id) AS skipped,
            MAX(o.sent_at) AS last_sent_at
        FROM mailings m LEFT JOIN outbox o ON o.mailing_id = m.id
        """;

    private const string ListSql = Select + """
         WHERE m.roundtable_id = @roundtableId
        GROUP BY m.id, m.roundtable_id, m.kind, m.title, m.created_at
        ORDER BY m.created_at DESC, m.id DESC
        """;

    private const string OneSql = Select + """
         WHERE m.id = @mailingId
        GROUP BY m.id, m.roundtable_id, m.kind, m.title, m.created_at
        """;

    public async Task<IReadOnlyList<MailingProgress>> HandleAsync(long roundtableId, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<MailingProgress>(new CommandDefinition(ListSql, new { roundtableId, recent = now.AddSeconds(-10) }, cancellationToken: ct))).AsList();
    }

    public async Task<MailingProgress?> OneAsync(long mailingId, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<MailingProgress>(new CommandDefinition(OneSql, new { mailingId, recent = now.AddSeconds(-10) }, cancellationToken: ct));
    }
}
