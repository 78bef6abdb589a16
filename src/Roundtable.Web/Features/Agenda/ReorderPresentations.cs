namespace Roundtable.Web.Features.Agenda;

/// <summary>Sets the agenda order; the ids given must be exactly this roundtable's presentations.</summary>
public sealed class ReorderPresentations(Db db)
{
    private const string IdsSql = "SELECT id FROM presentations WHERE roundtable_id = @roundtableId ORDER BY position, id";
    private const string SetSql = "UPDATE presentations SET position = @position WHERE id = @id AND roundtable_id = @roundtableId";

    public Task<Result<bool>> HandleAsync(long roundtableId, IReadOnlyList<long> orderedIds, CancellationToken ct) =>
        Positions.ReorderAsync(db, IdsSql, SetSql, roundtableId, orderedIds, "order", "The new order must list every presentation of this roundtable exactly once.", ct);

    /// <summary>Moves one presentation up (-1) or down (+1); at either end nothing changes.</summary>
    public async Task<bool> MoveAsync(long roundtableId, long id, int direction, CancellationToken ct)
    {
        List<long> ids;
        await using (var conn = await db.OpenAsync(ct))
        {
            ids = (await conn.QueryAsync<long>(new CommandDefinition(IdsSql, new { roundtableId }, cancellationToken: ct))).AsList();
        }
        var at = ids.IndexOf(id);
        if (at < 0)
        {
            return false;
        }
        var to = at + Math.Sign(direction);
        if (to < 0 || to >= ids.Count)
        {
            return true;
        }
        (ids[at], ids[to]) = (ids[to], ids[at]);
        return (await HandleAsync(roundtableId, ids, ct)).Ok;
    }
}

public sealed class DeletePresentation(Db db)
{
    private const string DeleteSql = "DELETE FROM presentations WHERE id = @id AND roundtable_id = @roundtableId";

    // Close the gap so positions stay 1..n.
    private const string RenumberSql = """
        UPDATE presentations SET position = position - 1
        WHERE roundtable_id = @roundtableId AND position > @position
        """;

    private const string PositionSql = "SELECT position FROM presentations WHERE id = @id AND roundtable_id = @roundtableId";

    public async Task<bool> HandleAsync(long roundtableId, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.RoundtableAsync(conn, tx, roundtableId, ct);
        var position = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(PositionSql, new { id, roundtableId }, tx, cancellationToken: ct));
        if (position is null)
        {
            return false;
        }
        await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { id, roundtableId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(RenumberSql, new { roundtableId, position }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
