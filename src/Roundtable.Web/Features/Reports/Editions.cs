using System.Text.Json;
using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Reports;

public sealed class ListEditions(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public int Number { get; init; }
        public DateTime CreatedAt { get; init; }
        public string CreatedByName { get; init; } = "";
        public string Warnings { get; init; } = "[]";
        public string LeakHits { get; init; } = "[]";
        public DateTime? PublishAt { get; init; }
        public bool IsPublished { get; init; }
        public string? OverrideReason { get; init; }
        public long PdfBytes { get; init; }

        public IReadOnlyList<string> WarningList => JsonSerializer.Deserialize<List<string>>(Warnings) ?? [];
        public IReadOnlyList<EditionLeak> LeakList => JsonSerializer.Deserialize<List<EditionLeak>>(LeakHits) ?? [];
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

/// <summary>
/// Marks one edition as the published one, now or at a later time (embargo). Names that leak block it; warnings
/// (such as unapproved proceedings) need an organizer's explicit reason.
/// </summary>
public sealed class PublishEdition(Db db, TimeProvider clock, ListEditions list)
{
    private const string EnsureReportSql = """
        INSERT INTO reports (roundtable_id, updated_at) VALUES (@roundtableId, @now) ON CONFLICT (roundtable_id) DO NOTHING
        """;

    private const string MarkSql = """
        UPDATE report_editions SET publish_at = @publishAt, published_by_user_id = @userId, override_reason = @reason
        WHERE id = @id AND roundtable_id = @roundtableId
        """;

    private const string PointSql = "UPDATE reports SET published_edition_id = @id WHERE roundtable_id = @roundtableId";

    private const string StatusSql = "UPDATE roundtables SET status = 'report_published', updated_at = @now WHERE id = @roundtableId";

    public async Task<Result<DateTime>> HandleAsync(long roundtableId, int number, DateTime? publishAt, string? overrideReason, long userId, CancellationToken ct)
    {
        var edition = (await list.HandleAsync(roundtableId, ct)).FirstOrDefault(e => e.Number == number);
        if (edition is null)
        {
            return Result<DateTime>.Fail("", $"There is no edition {number}.");
        }
        if (edition.LeakList.Count > 0)
        {
            return Result<DateTime>.Fail("", $"Edition {number} names people who may not be named ({edition.LeakList.Count} places). Fix the texts, assemble a new edition and publish that one.");
        }
        var reason = (overrideReason ?? "").Trim();
        if (edition.WarningList.Count > 0 && reason.Length == 0)
        {
            return Result<DateTime>.Fail("overrideReason", $"Edition {number} has {edition.WarningList.Count} warnings. To publish it anyway, give the reason.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var at = publishAt is { } p && p > now ? p : now;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(EnsureReportSql, new { roundtableId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(MarkSql, new { id = edition.Id, roundtableId, publishAt = at, userId, reason = reason.Length == 0 ? null : reason }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(PointSql, new { id = edition.Id, roundtableId }, tx, cancellationToken: ct));
        if (at <= now)
        {
            await conn.ExecuteAsync(new CommandDefinition(StatusSql, new { roundtableId, now }, tx, cancellationToken: ct));
        }
        await Audit.AuditLog.RecordAsync(conn, tx, now, userId, null, Audit.AuditActions.Published, roundtableId,
            $"Edition {number}{(at > now ? $" from {at:yyyy-MM-dd HH:mm} UTC" : "")}{(reason.Length > 0 ? $", despite warnings: {reason}" : "")}.", ct);
        await tx.CommitAsync(ct);
        return Result<DateTime>.Success(at);
    }
}
