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

    /// <summary>An edition's identity, without its contents (they are read only when needed: <see cref="HtmlAsync"/>).</summary>
    public sealed class Header
    {
        public long Id { get; init; }
        public int Number { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    private const string HeaderSql = "SELECT id, number, created_at FROM report_editions WHERE roundtable_id = @roundtableId AND number = @number";

    private const string PublishedHeaderSql = """
        SELECT e.id, e.number, e.created_at
        FROM reports r JOIN report_editions e ON e.id = r.published_edition_id
        WHERE r.roundtable_id = @roundtableId AND e.publish_at <= @now
        """;

    private const string HtmlSql = "SELECT html FROM report_editions WHERE id = @id";

    public async Task<Header?> HeaderAsync(long roundtableId, int number, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Header>(new CommandDefinition(HeaderSql, new { roundtableId, number }, cancellationToken: ct));
    }

    /// <summary>The published edition's identity, once its embargo has passed.</summary>
    public async Task<Header?> PublishedHeaderAsync(long roundtableId, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Header>(new CommandDefinition(PublishedHeaderSql, new { roundtableId, now }, cancellationToken: ct));
    }

    /// <summary>An edition's stored HTML (never changed once stored).</summary>
    public string Html(long editionId)
    {
        using var conn = db.Open();
        return conn.ExecuteScalar<string>(HtmlSql, new { id = editionId }) ?? "";
    }

    /// <summary>The database the editions are in, to tell apart what is kept of them (<see cref="ReaderPage"/>).</summary>
    public string Database => db.ConnectionString;

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
