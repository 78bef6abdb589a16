namespace Roundtable.Web.Features.Inbox;

/// <summary>What the reply mailbox brought: every message with its outcome (administrators), or one roundtable's.</summary>
public sealed class ListInboxMessages(Db db)
{
    public const int Limit = 200;

    public sealed class Row
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string Outcome { get; init; } = "";
        public string FromAddress { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Excerpt { get; init; } = "";
        public DateTime ReceivedAt { get; init; }
        public long? RoundtableId { get; init; }
        public string? RoundtableTitle { get; init; }
        public string? PersonName { get; init; }
        public string? MovedTo { get; init; }
    }

    private const string Select = """
        SELECT m.id, m.kind, m.outcome, m.from_address, m.subject, m.excerpt, m.received_at, m.roundtable_id,
               r.title AS roundtable_title, p.full_name AS person_name, m.moved_to
        FROM inbox_messages m
        LEFT JOIN roundtables r ON r.id = m.roundtable_id
        LEFT JOIN people p ON p.id = m.person_id
        """;

    private const string AllSql = Select + " ORDER BY m.received_at DESC, m.id DESC LIMIT " + "200";

    private const string RoundtableSql = Select + " WHERE m.roundtable_id = @roundtableId ORDER BY m.received_at DESC, m.id DESC LIMIT " + "200";

    private const string MessagesSql = Select + """
         WHERE m.roundtable_id = @roundtableId AND m.kind = 'message' ORDER BY m.received_at DESC, m.id DESC LIMIT @limit
        """;

    private const string CountSql = "SELECT COUNT(*) FROM inbox_messages WHERE roundtable_id = @roundtableId AND kind = 'message'";

    private const string StatusSql = "SELECT last_attempt_at, last_success_at, failures, last_error FROM inbox_status WHERE id = 1";

    public async Task<IReadOnlyList<Row>> HandleAsync(long? roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(roundtableId is null ? AllSql : RoundtableSql, new { roundtableId }, cancellationToken: ct))).AsList();
    }

    /// <summary>The newest messages people wrote about one roundtable, and how many there are.</summary>
    public async Task<(IReadOnlyList<Row> Newest, int Count)> WrittenAsync(long roundtableId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(MessagesSql, new { roundtableId, limit }, cancellationToken: ct))).AsList();
        var count = rows.Count < limit ? rows.Count : await conn.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, new { roundtableId }, cancellationToken: ct));
        return (rows, count);
    }

    public async Task<ReadInboxJob.Status?> StatusAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReadInboxJob.Status>(new CommandDefinition(StatusSql, cancellationToken: ct));
    }
}
