namespace Roundtable.Web.Features.Reports;

public sealed class ListEditions(Db db)
{
    public sealed class Row : EditionRow
    {
        public DateTime? PublishAt { get; init; }
        public string? OverrideReason { get; init; }
        public long PdfBytes { get; init; }
    }

    private const string Sql =
        "SELECT " + EditionRow.ColumnsSql + ",\n       e.publish_at, e.override_reason, COALESCE(LENGTH(e.pdf), 0) AS pdf_bytes\n" + EditionRow.FromRoundtableSql;

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
