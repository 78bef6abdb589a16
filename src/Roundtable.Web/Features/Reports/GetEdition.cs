using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Reports;

/// <summary>One edition as it was assembled: its HTML, text and PDF never change.</summary>
public sealed class GetEdition(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public int Number { get; init; }
        public string Html { get; init; } = "";
        public string TextContent { get; init; } = "";
        public byte[]? Pdf { get; init; }
        public DateTime? PublishAt { get; init; }
    }

    private const string ByNumberSql = """
        SELECT id, number, html, text_content, pdf, publish_at FROM report_editions WHERE roundtable_id = @roundtableId AND number = @number
        """;

    /// <summary>The published edition, once its embargo has passed.</summary>
    private const string PublishedSql = """
        SELECT e.id, e.number, e.html, e.text_content, e.pdf, e.publish_at
        FROM reports r JOIN report_editions e ON e.id = r.published_edition_id
        WHERE r.roundtable_id = @roundtableId AND e.publish_at <= @now
        """;

    public async Task<Row?> HandleAsync(long roundtableId, int number, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByNumberSql, new { roundtableId, number }, cancellationToken: ct));
    }

    public async Task<Row?> PublishedAsync(long roundtableId, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(PublishedSql, new { roundtableId, now }, cancellationToken: ct));
    }
}
