using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// Takes a participant off a roundtable, with their roles and assignments. One who spoke in the proceedings is not
/// removed: their statements (a deleted one too, which may be restored) would lose their speaker without a word, so
/// the organizer is told which presentations to reattribute first.
/// </summary>
public sealed class RemoveParticipant(Db db)
{
    private const string SpokeInSql = """
        SELECT pr.title
        FROM presentations pr
        WHERE pr.roundtable_id = @roundtableId
          AND EXISTS (SELECT 1 FROM statements s WHERE s.presentation_id = pr.id AND s.speaker_participation_id = @id)
        ORDER BY pr.position, pr.id
        """;

    private const string NameSql = """
        SELECT p.full_name FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.id = @id AND pa.roundtable_id = @roundtableId
        """;

    private const string Sql = "DELETE FROM participations WHERE id = @id AND roundtable_id = @roundtableId";

    /// <returns>Whether a participant was removed (false: there is none with that id); an error when they spoke.</returns>
    public async Task<Result<bool>> HandleAsync(long roundtableId, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var spokeIn = (await conn.QueryAsync<string>(new CommandDefinition(SpokeInSql, new { id, roundtableId }, tx, cancellationToken: ct))).AsList();
        if (spokeIn.Count > 0)
        {
            var name = await conn.ExecuteScalarAsync<string>(new CommandDefinition(NameSql, new { id, roundtableId }, tx, cancellationToken: ct));
            var titles = string.Join(", ", spokeIn.Select(t => $"\u201c{t}\u201d"));
            return Result<bool>.Fail("", $"{name} spoke in the proceedings of {titles}. Removing them would leave those statements without " +
                "a speaker, so they stay on the roundtable. To remove them, first give their statements another speaker (or mark them unidentified) in the proceedings.");
        }
        var removed = await conn.ExecuteAsync(new CommandDefinition(Sql, new { id, roundtableId }, tx, cancellationToken: ct)) == 1;
        await tx.CommitAsync(ct);
        return Result<bool>.Success(removed);
    }
}
