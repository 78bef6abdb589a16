namespace Roundtable.Web.Features.Reports;

public sealed class ListOpenQuestions(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public int Position { get; init; }
        public string Text { get; init; } = "";
    }

    private const string Sql = "SELECT id, position, text FROM open_questions WHERE roundtable_id = @roundtableId ORDER BY position, id";

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
