namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Saves a presentation's summary on top of the revision the writer started from. A save based on an older revision
/// is refused (the newer text is returned for merging) and the refused text is kept in the history, so it is not lost.
/// </summary>
public sealed class SaveSummary(Db db, TimeProvider clock)
{
    public sealed class Current
    {
        public string Text { get; init; } = "";
        public long Revision { get; init; }
        public string? UpdatedBy { get; init; }
        public DateTime? UpdatedAt { get; init; }
    }

    private const string CurrentSql = """
        SELECT pc.summary AS text, pc.summary_revision AS revision,
               (SELECT u.display_name FROM proceeding_revisions r JOIN users u ON u.id = r.user_id
                WHERE r.presentation_id = pc.presentation_id AND r.statement_id IS NULL AND r.action <> 'refused' ORDER BY r.id DESC LIMIT 1) AS updated_by,
               (SELECT r.created_at FROM proceeding_revisions r
                WHERE r.presentation_id = pc.presentation_id AND r.statement_id IS NULL AND r.action <> 'refused' ORDER BY r.id DESC LIMIT 1) AS updated_at
        FROM proceedings pc WHERE pc.presentation_id = @presentationId
        """;

    private const string UpdateSql = """
        UPDATE proceedings SET summary = @text, summary_revision = summary_revision + 1
        WHERE presentation_id = @presentationId AND summary_revision = @revision
        """;

    /// <returns>The summary's new revision number.</returns>
    public Task<WriteResult<long>> HandleAsync(long presentationId, SummaryForm form, long userId, CancellationToken ct) =>
        SaveAsync(presentationId, form, userId, "edited", ct);

    /// <param name="action">How the history names this save: "edited", or "reverted" when an old revision is restored.</param>
    internal async Task<WriteResult<long>> SaveAsync(long presentationId, SummaryForm form, long userId, string action, CancellationToken ct)
    {
        var text = ProceedingsStore.Clean(form.Text);
        if (Markdown.RefuseLinkedImage(nameof(form.Text), "the summary", text) is { } image)
        {
            return WriteResult<long>.Invalid([image]);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenForSaveAsync(ct);
        await using var tx = await db.BeginSaveAsync(conn, ct);
        if (await ProceedingsStore.LockAndCheckApprovedAsync(conn, tx, presentationId, now, ct))
        {
            return WriteResult<long>.Locked();
        }
        var current = await conn.QuerySingleAsync<Current>(new CommandDefinition(CurrentSql, new { presentationId }, tx, cancellationToken: ct));
        if (form.Revision != current.Revision)
        {
            await ProceedingsStore.RevisionAsync(conn, tx, presentationId, null, current.Revision, "refused", null, false, null, text, userId, now, ct);
            await tx.CommitAsync(ct);
            return WriteResult<long>.Stale(current);
        }
        if (text == current.Text)
        {
            return WriteResult<long>.Saved(current.Revision);
        }
        await conn.ExecuteAsync(new CommandDefinition(UpdateSql, new { presentationId, text, revision = current.Revision }, tx, cancellationToken: ct));
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, null, current.Revision + 1, action, null, false, null, text, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<long>.Saved(current.Revision + 1);
    }
}
