namespace Roundtable.Web.Features.Reports;

/// <summary>Moves one biography up or down among "Among the participants"; the whole order is written at once.</summary>
public sealed class MoveBiography(Db db)
{
    private const string SetSql = "UPDATE participations SET biography_position = @position WHERE id = @id AND roundtable_id = @roundtableId";

    /// <returns>False when the participant's biography is not selected for the report.</returns>
    public async Task<bool> HandleAsync(long roundtableId, long participationId, int step, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = (await conn.QueryAsync<ListBiographies.Row>(new CommandDefinition(ListBiographies.Sql, new { roundtableId }, tx, cancellationToken: ct)))
            .Select(r => r.ParticipationId).ToList();
        var from = ids.IndexOf(participationId);
        if (from < 0)
        {
            return false;
        }
        var to = Math.Clamp(from + step, 0, ids.Count - 1);
        ids.RemoveAt(from);
        ids.Insert(to, participationId);
        for (var i = 0; i < ids.Count; i++)
        {
            await conn.ExecuteAsync(new CommandDefinition(SetSql, new { id = ids[i], position = i + 1, roundtableId }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
