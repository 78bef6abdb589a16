namespace Roundtable.Web.Features.Reports;

public sealed class AddOpenQuestion(Db db, TimeProvider clock)
{
    private const string Sql = """
        INSERT INTO open_questions (roundtable_id, position, text, created_at)
        VALUES (@roundtableId, (SELECT COALESCE(MAX(position), 0) + 1 FROM open_questions WHERE roundtable_id = @roundtableId), @text, @now)
        RETURNING id
        """;

    public async Task<long> HandleAsync(long roundtableId, OpenQuestionForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(Sql,
            new { roundtableId, text = form.Text.Trim(), now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }
}
