namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Changes a statement's speaker, audience flag, kind or text, on top of the revision the writer started from.
/// A change based on an older revision is refused with the newer version; the refused text is kept in the history.
/// </summary>
public sealed class UpdateStatement(Db db, TimeProvider clock)
{
    private const string UpdateSql = """
        UPDATE statements SET speaker_participation_id = @SpeakerId, audience = @Audience, by_presenter = @Presenter, same_voice_as = @SameVoiceAs,
            label_form = @labelForm, kind = @Kind, text = @text, html = @html,
            revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId AND revision = @Revision AND deleted_at IS NULL
        """ + "\n" + StatementRecord.Returning;

    public Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, StatementForm form, long userId, CancellationToken ct) =>
        SaveAsync(presentationId, id, form, userId, "edited", ct);

    internal async Task<WriteResult<StatementRecord>> SaveAsync(long presentationId, long id, StatementForm form, long userId, string action, CancellationToken ct)
    {
        if (form.Revision is null)
        {
            return WriteResult<StatementRecord>.Invalid(nameof(form.Revision), "Send the revision the change was based on.");
        }
        var text = ProceedingsStore.Clean(form.Text);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var change = await StatementChange.OpenAsync(db, presentationId, id, now, ct);
        if (change.Refusal<StatementRecord>() is { } refused)
        {
            return refused;
        }
        var (conn, tx, current) = (change.Conn, change.Tx, change.Current!);
        var errors = await ProceedingsStore.CheckAsync(conn, tx, presentationId, form, id, current.Position, ct);
        if (errors.Count > 0)
        {
            return WriteResult<StatementRecord>.Invalid(errors);
        }
        if (current.Deleted || current.Revision != form.Revision)
        {
            await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, current.Revision, "refused", form.SpeakerId, form.Audience, form.Kind, text, userId, now, ct);
            await tx.CommitAsync(ct);
            return WriteResult<StatementRecord>.Stale(current);
        }
        if (current.SameAs(form, text))
        {
            return WriteResult<StatementRecord>.Saved(current);
        }
        var saved = await conn.QuerySingleAsync<StatementRecord>(new CommandDefinition(UpdateSql, new
        {
            id, presentationId, form.SpeakerId, form.Audience, form.Presenter, form.SameVoiceAs, labelForm = ProceedingsStore.LabelFormOf(form), form.Kind, text,
            html = Markdown.ToSafeHtml(text), form.Revision, userId, now,
        }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, current.Revision + 1, action, form.SpeakerId, form.Audience, form.Kind, text, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(saved);
    }
}
