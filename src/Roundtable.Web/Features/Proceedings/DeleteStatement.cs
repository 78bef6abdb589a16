using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>Takes a statement out of the discussion; it stays stored, listed as deleted, and can be restored.</summary>
public sealed class DeleteStatement(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE statements SET deleted_at = @now, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    public async Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, long revision, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
        var current = await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct);
        if (current is null)
        {
            return WriteResult<StatementRecord>.NotFound();
        }
        if (await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct) == ProceedingStatus.Approved)
        {
            return WriteResult<StatementRecord>.Locked();
        }
        if (current.Deleted)
        {
            return WriteResult<StatementRecord>.Saved(current);
        }
        if (current.Revision != revision)
        {
            return WriteResult<StatementRecord>.Stale(current);
        }
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { id, presentationId, userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, current.Revision + 1, "deleted", current.SpeakerId, current.Audience, current.Kind, current.Text, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        var saved = (await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct))!;
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(saved);
    }
}

/// <summary>Puts a deleted statement back where it was in the discussion.</summary>
public sealed class RestoreStatement(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE statements SET deleted_at = NULL, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    public async Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
        var current = await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct);
        if (current is null)
        {
            return WriteResult<StatementRecord>.NotFound();
        }
        if (await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct) == ProceedingStatus.Approved)
        {
            return WriteResult<StatementRecord>.Locked();
        }
        if (!current.Deleted)
        {
            return WriteResult<StatementRecord>.Saved(current);
        }
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { id, presentationId, userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, current.Revision + 1, "restored", current.SpeakerId, current.Audience, current.Kind, current.Text, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        var saved = (await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct))!;
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(saved);
    }
}
