namespace Roundtable.Web.Features.Reports;

public sealed class ListEditions(Db db)
{
    public sealed class Row : EditionRow
    {
        public DateTime? PublishAt { get; init; }
        public string? OverrideReason { get; init; }
        public long PdfBytes { get; init; }
    }

    private const string Sql = """
        SELECT e.id, e.number, e.created_at, e.created_by_name, e.warnings, e.leak_hits, e.publish_at, e.override_reason,
               CASE WHEN r.published_edition_id = e.id THEN 1 ELSE 0 END AS is_published,
               COALESCE(LENGTH(e.pdf), 0) AS pdf_bytes
        FROM report_editions e LEFT JOIN reports r ON r.roundtable_id = e.roundtable_id
        WHERE e.roundtable_id = @roundtableId
        ORDER BY e.number DESC
        """;

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
