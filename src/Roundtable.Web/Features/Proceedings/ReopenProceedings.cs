namespace Roundtable.Web.Features.Proceedings;

/// <summary>Unlocks approved proceedings for changes (back to "edited"); the reason is logged.</summary>
public sealed class ReopenProceedings(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE proceedings SET status = 'edited', approved_by_user_id = NULL, approved_at = NULL
        WHERE presentation_id = @presentationId AND status = 'approved'
        """;

    public async Task<WriteResult<bool>> HandleAsync(long presentationId, string? reason, long userId, CancellationToken ct)
    {
        var why = (reason ?? "").Trim();
        if (why.Length < 5 || why.Length > 1000)
        {
            return WriteResult<bool>.Invalid("Reason", "Say why the approved proceedings are reopened (a few words, under 1,000 characters).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
        await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(Sql, new { presentationId }, tx, cancellationToken: ct)) == 0)
        {
            return WriteResult<bool>.Invalid("Status", "These proceedings are not approved, so there is nothing to reopen.");
        }
        await ProceedingsStore.EventAsync(conn, tx, presentationId, "reopened", why, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<bool>.Saved(true);
    }
}
