namespace Roundtable.Web.Features.Proceedings;

/// <summary>Takes a statement out of the discussion; it stays stored, listed as deleted, and can be restored.</summary>
public sealed class DeleteStatement(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE statements SET deleted_at = @now, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    public Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, long revision, long userId, CancellationToken ct) =>
        StatementDeletion.SetAsync(db, clock, Sql, "deleted", deleted: true, presentationId, id, revision, userId, ct);
}

/// <summary>Puts a deleted statement back where it was in the discussion.</summary>
public sealed class RestoreStatement(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE statements SET deleted_at = NULL, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    public Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, long userId, CancellationToken ct) =>
        StatementDeletion.SetAsync(db, clock, Sql, "restored", deleted: false, presentationId, id, revision: null, userId, ct);
}

/// <summary>Deleting and restoring are the same write in two directions: lock, load, refuse when approved, record a revision.</summary>
internal static class StatementDeletion
{
    /// <param name="revision">The revision the change was based on; null accepts any (restoring brings back what was deleted).</param>
    public static async Task<WriteResult<StatementRecord>> SetAsync(Db db, TimeProvider clock, string sql, string action, bool deleted,
        long presentationId, long id, long? revision, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var change = await StatementChange.OpenAsync(db, presentationId, id, now, ct);
        if (change.Refusal<StatementRecord>() is { } refused)
        {
            return refused;
        }
        var (conn, tx, current) = (change.Conn, change.Tx, change.Current!);
        if (current.Deleted == deleted)
        {
            return WriteResult<StatementRecord>.Saved(current);
        }
        if (revision is { } seen && current.Revision != seen)
        {
            return WriteResult<StatementRecord>.Stale(current);
        }
        await conn.ExecuteAsync(new CommandDefinition(sql, new { id, presentationId, userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, current.Revision + 1, action, current.SpeakerId, current.Audience, current.Kind, current.Text, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        var saved = (await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct))!;
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(saved);
    }
}
