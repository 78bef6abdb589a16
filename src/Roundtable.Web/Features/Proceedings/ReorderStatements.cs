namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Puts a discussion's statements in a new order. The ids must be exactly the statements the discussion has now:
/// if one was added or deleted meanwhile, the order is refused as stale rather than guessed.
/// </summary>
public sealed class ReorderStatements(Db db, TimeProvider clock)
{
    private const string IdsSql = "SELECT id FROM statements WHERE presentation_id = @presentationId AND deleted_at IS NULL ORDER BY position, id";

    private const string SetSql = "UPDATE statements SET position = @position WHERE id = @id AND presentation_id = @presentationId";

    public async Task<WriteResult<IReadOnlyList<long>>> HandleAsync(long presentationId, IReadOnlyList<long> orderedIds, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ProceedingsStore.LockAndCheckApprovedAsync(conn, tx, presentationId, now, ct))
        {
            return WriteResult<IReadOnlyList<long>>.Locked();
        }
        var current = (await conn.QueryAsync<long>(new CommandDefinition(IdsSql, new { presentationId }, tx, cancellationToken: ct))).AsList();
        if (orderedIds.Distinct().Count() != orderedIds.Count)
        {
            return WriteResult<IReadOnlyList<long>>.Invalid("Ids", "Each statement may appear only once in the new order.");
        }
        if (orderedIds.Count != current.Count || !orderedIds.All(current.Contains))
        {
            return WriteResult<IReadOnlyList<long>>.Stale(new { Ids = current });
        }
        if (orderedIds.SequenceEqual(current))
        {
            return WriteResult<IReadOnlyList<long>>.Saved(current);
        }
        // Deleted statements keep their old numbers: restored, they come back near where they were.
        for (var i = 0; i < orderedIds.Count; i++)
        {
            await conn.ExecuteAsync(new CommandDefinition(SetSql, new { id = orderedIds[i], position = i + 1, presentationId }, tx, cancellationToken: ct));
        }
        await ProceedingsStore.EventAsync(conn, tx, presentationId, "reordered", "Statements put in a new order.", userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<IReadOnlyList<long>>.Saved(orderedIds);
    }
}

/// <summary>
/// Moves a statement to the end of another presentation's discussion in the same roundtable (it was filed under the
/// wrong session). Never across roundtables: the speaker belongs to this roundtable.
/// </summary>
public sealed class MoveStatement(Db db, TimeProvider clock)
{
    private const string SameRoundtableSql = """
        SELECT b.title FROM presentations a JOIN presentations b ON b.roundtable_id = a.roundtable_id
        WHERE a.id = @presentationId AND b.id = @targetId
        """;

    private const string EndSql = "SELECT COALESCE(MAX(position), 0) + 1 FROM statements WHERE presentation_id = @targetId";

    private const string MoveSql = """
        UPDATE statements SET presentation_id = @targetId, position = @position, same_voice_as = NULL, by_presenter = FALSE,
            label_form = 'derived', revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    private const string TitleSql = "SELECT title FROM presentations WHERE id = @presentationId";

    public async Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, long revision, long targetId, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.PresentationsAsync(conn, tx, presentationId, targetId, ct);
        var current = await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct);
        if (current is null)
        {
            return WriteResult<StatementRecord>.NotFound();
        }
        var targetTitle = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(SameRoundtableSql, new { presentationId, targetId }, tx, cancellationToken: ct));
        if (targetTitle is null)
        {
            return WriteResult<StatementRecord>.Invalid("PresentationId", $"Presentation {targetId} is not on this roundtable's agenda; a statement can only move to another presentation of its own roundtable.");
        }
        if (targetId == presentationId)
        {
            return WriteResult<StatementRecord>.Invalid("PresentationId", "The statement is already in this presentation.");
        }
        if (await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct) == ProceedingStatus.Approved
            || await ProceedingsStore.OpenAsync(conn, tx, targetId, now, ct) == ProceedingStatus.Approved)
        {
            return WriteResult<StatementRecord>.Locked();
        }
        if (current.Deleted || current.Revision != revision)
        {
            return WriteResult<StatementRecord>.Stale(current);
        }
        var position = await conn.ExecuteScalarAsync<long>(new CommandDefinition(EndSql, new { targetId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(MoveSql, new { id, presentationId, targetId, position, userId, now }, tx, cancellationToken: ct));
        var sourceTitle = await conn.ExecuteScalarAsync<string>(new CommandDefinition(TitleSql, new { presentationId }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, targetId, id, current.Revision + 1, "moved", current.SpeakerId, current.Audience, current.Kind, current.Text, userId, now, ct);
        await ProceedingsStore.EventAsync(conn, tx, presentationId, "moved-out", $"Statement {id} moved to “{targetTitle}”.", userId, now, ct);
        await ProceedingsStore.EventAsync(conn, tx, targetId, "moved-in", $"Statement {id} moved here from “{sourceTitle}”.", userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, targetId, userId, now, ct);
        var saved = (await StatementRecord.LoadAsync(conn, tx, targetId, id, ct))!;
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(saved);
    }
}
