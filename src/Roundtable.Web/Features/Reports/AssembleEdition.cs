using System.Text.Json;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Builds the report from the current texts and approved proceedings into a new, immutable edition:
/// number, who and when, the HTML, the PDF (printed here with its contents' page numbers, never per reader or recipient), the revisions it was built from,
/// its warnings and any names that leak.
/// </summary>
public sealed class AssembleEdition(Db db, TimeProvider clock, LoadReportContent load, PrintEdition print, ScanEditionForLeaks scan)
{
    public sealed class Assembled
    {
        public long Id { get; init; }
        public int Number { get; init; }
        public IReadOnlyList<string> Warnings { get; init; } = [];
        public int LeakHits { get; init; }
    }

    private const string NextSql = "SELECT COALESCE(MAX(number), 0) + 1 FROM report_editions WHERE roundtable_id = @roundtableId";
    private const string UserNameSql = "SELECT display_name FROM users WHERE id = @userId";

    private const string InsertSql = """
        INSERT INTO report_editions (roundtable_id, number, created_at, created_by_user_id, created_by_name, html, text_content, pdf,
                                     sources, warnings, leak_hits, overridden_hits)
        VALUES (@roundtableId, @number, @now, @userId, @userName, @html, @text, @pdf, @sources, @warnings, @leaks, @overridden)
        RETURNING id
        """;

    /// <param name="alongside">
    /// Written in the edition's own transaction, so a caller that must remember which edition it assembled (the follow-up
    /// job) never leaves an edition behind that it does not know of, however it is interrupted.
    /// </param>
    public async Task<Result<Assembled>> HandleAsync(long roundtableId, long userId, CancellationToken ct,
        Func<DbConnection, DbTransaction, Assembled, Task>? alongside = null)
    {
        int number;
        string userName;
        await using (var conn = await db.OpenAsync(ct))
        {
            number = await conn.ExecuteScalarAsync<int>(new CommandDefinition(NextSql, new { roundtableId }, cancellationToken: ct));
            userName = await conn.ExecuteScalarAsync<string>(new CommandDefinition(UserNameSql, new { userId }, cancellationToken: ct)) ?? "";
        }
        var outcome = await load.HandleAsync(roundtableId, number, TemplateFiles.Read("report/report.css"), ct);
        if (outcome.Content is null)
        {
            return Result<Assembled>.Fail(outcome.Problems.Select(p => new FieldError("", p)).ToList());
        }
        var printed = await print.HandleAsync(outcome.Content, ct);
        var (html, pdfBytes) = (printed.Html, printed.Pdf);
        var text = HtmlText.From(html);
        var (leaks, overridden) = await scan.WithOverridesAsync(roundtableId, ct);

        await using var write = await db.OpenAsync(ct);
        await using var tx = await write.BeginTransactionAsync(ct);
        try
        {
            var id = await write.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
            {
                roundtableId, number, now = clock.GetUtcNow().UtcDateTime, userId, userName, html, text, pdf = pdfBytes,
                sources = JsonSerializer.Serialize(outcome.Sources),
                warnings = JsonSerializer.Serialize(outcome.Warnings),
                leaks = JsonSerializer.Serialize(leaks),
                overridden = JsonSerializer.Serialize(overridden),
            }, tx, cancellationToken: ct));
            var assembled = new Assembled { Id = id, Number = number, Warnings = outcome.Warnings, LeakHits = leaks.Count };
            if (alongside is not null)
            {
                await alongside(write, tx, assembled);
            }
            await tx.CommitAsync(CancellationToken.None);
            return Result<Assembled>.Success(assembled);
        }
        catch (System.Data.Common.DbException e) when (Db.IsUniqueViolation(e))
        {
            return Result<Assembled>.Fail("", "Another edition was assembled at the same moment. Reload the page and assemble again if you still need to.");
        }
    }
}
