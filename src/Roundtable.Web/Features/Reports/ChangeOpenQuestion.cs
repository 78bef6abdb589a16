namespace Roundtable.Web.Features.Reports;

public sealed class ChangeOpenQuestion(Db db)
{
    private const string UpdateSql = "UPDATE open_questions SET text = @text WHERE id = @id AND roundtable_id = @roundtableId";
    private const string DeleteSql = "DELETE FROM open_questions WHERE id = @id AND roundtable_id = @roundtableId";
    private const string OrderSql = "SELECT id FROM open_questions WHERE roundtable_id = @roundtableId ORDER BY position, id";
    private const string PositionSql = "UPDATE open_questions SET position = @position WHERE id = @id";

    public async Task<bool> HandleAsync(long roundtableId, long id, OpenQuestionForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(UpdateSql, new { id, roundtableId, text = form.Text.Trim() }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteAsync(long roundtableId, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { id, roundtableId }, cancellationToken: ct)) == 1;
    }

    /// <summary>Moves one question up (-1) or down (+1) and renumbers 1..n in one transaction.</summary>
    public async Task<bool> MoveAsync(long roundtableId, long id, int direction, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.RoundtableAsync(conn, tx, roundtableId, ct);
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(OrderSql, new { roundtableId }, tx, cancellationToken: ct))).AsList();
        var at = ids.IndexOf(id);
        if (at < 0)
        {
            return false;
        }
        var to = Math.Clamp(at + Math.Sign(direction), 0, ids.Count - 1);
        (ids[at], ids[to]) = (ids[to], ids[at]);
        for (var i = 0; i < ids.Count; i++)
        {
            await conn.ExecuteAsync(new CommandDefinition(PositionSql, new { id = ids[i], position = i + 1 }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
