namespace Roundtable.Web.Features.Audit;

/// <summary>The newest audit events: of one roundtable (for its organizers), or of everything (for administrators).</summary>
public sealed class ListAuditEvents(Db db)
{
    public const int Limit = 500;

    public sealed class Row
    {
        public long Id { get; init; }
        public DateTime CreatedAt { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public long? RoundtableId { get; init; }
        public string? RoundtableTitle { get; init; }
        public string Detail { get; init; } = "";
    }

    private const string Sql = """
        SELECT a.id, a.created_at, a.actor, a.action, a.roundtable_id, r.title AS roundtable_title, a.detail
        FROM audit_events a LEFT JOIN roundtables r ON r.id = a.roundtable_id
        WHERE (@roundtableId IS NULL OR a.roundtable_id = @roundtableId)
        ORDER BY a.id DESC
        LIMIT @limit
        """;

    /// <param name="roundtableId">Null: every event (administrators only).</param>
    public async Task<IReadOnlyList<Row>> HandleAsync(long? roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId, limit = Limit }, cancellationToken: ct))).AsList();
    }
}
