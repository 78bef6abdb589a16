using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Reports;

/// <summary>Sets the order of the open questions; the ids given must be exactly this roundtable's questions.</summary>
public sealed class ReorderOpenQuestions(Db db)
{
    private const string IdsSql = "SELECT id FROM open_questions WHERE roundtable_id = @roundtableId";
    private const string SetSql = "UPDATE open_questions SET position = @position WHERE id = @id AND roundtable_id = @roundtableId";

    public async Task<Result<bool>> HandleAsync(long roundtableId, IReadOnlyList<long> orderedIds, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.RoundtableAsync(conn, tx, roundtableId, ct);
        var current = (await conn.QueryAsync<long>(new CommandDefinition(IdsSql, new { roundtableId }, tx, cancellationToken: ct))).ToHashSet();
        if (orderedIds.Count != current.Count || orderedIds.Distinct().Count() != orderedIds.Count || !orderedIds.All(current.Contains))
        {
            return Result<bool>.Fail("ids", "The new order must list every open question of this roundtable exactly once.");
        }
        for (var i = 0; i < orderedIds.Count; i++)
        {
            await conn.ExecuteAsync(new CommandDefinition(SetSql, new { id = orderedIds[i], position = i + 1, roundtableId }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Result<bool>.Success(true);
    }
}
