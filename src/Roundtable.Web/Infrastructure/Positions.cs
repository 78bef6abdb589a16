namespace Roundtable.Web.Infrastructure;

/// <summary>Lists kept in order by a 1..n <c>position</c> per roundtable (the agenda, the open questions).</summary>
public static class Positions
{
    /// <summary>
    /// Sets the order: <paramref name="orderedIds"/> must be exactly the ids <paramref name="idsSql"/> reads (each once),
    /// else <paramref name="field"/> is refused with <paramref name="refusal"/>; <paramref name="setSql"/> writes each
    /// position. One transaction, under the roundtable's lock.
    /// </summary>
    public static async Task<Result<bool>> ReorderAsync(Db db, string idsSql, string setSql, long roundtableId, IReadOnlyList<long> orderedIds,
        string field, string refusal, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.RoundtableAsync(conn, tx, roundtableId, ct);
        var current = (await conn.QueryAsync<long>(new CommandDefinition(idsSql, new { roundtableId }, tx, cancellationToken: ct))).ToHashSet();
        if (orderedIds.Count != current.Count || orderedIds.Distinct().Count() != orderedIds.Count || !orderedIds.All(current.Contains))
        {
            return Result<bool>.Fail(field, refusal);
        }
        for (var i = 0; i < orderedIds.Count; i++)
        {
            await conn.ExecuteAsync(new CommandDefinition(setSql, new { id = orderedIds[i], position = i + 1, roundtableId }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Result<bool>.Success(true);
    }
}
