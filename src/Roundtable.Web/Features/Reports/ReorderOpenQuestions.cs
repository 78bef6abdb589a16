namespace Roundtable.Web.Features.Reports;

/// <summary>Sets the order of the open questions; the ids given must be exactly this roundtable's questions.</summary>
public sealed class ReorderOpenQuestions(Db db)
{
    private const string IdsSql = "SELECT id FROM open_questions WHERE roundtable_id = @roundtableId";
    private const string SetSql = "UPDATE open_questions SET position = @position WHERE id = @id AND roundtable_id = @roundtableId";

    public Task<Result<bool>> HandleAsync(long roundtableId, IReadOnlyList<long> orderedIds, CancellationToken ct) =>
        Positions.ReorderAsync(db, IdsSql, SetSql, roundtableId, orderedIds, "ids", "The new order must list every open question of this roundtable exactly once.", ct);
}
