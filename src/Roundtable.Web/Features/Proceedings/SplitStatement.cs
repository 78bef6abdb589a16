namespace Roundtable.Web.Features.Proceedings;

/// <summary>Cuts a statement in two at a place in its text: the rest becomes a new statement by the same speaker, right after it.</summary>
public sealed class SplitStatement(Db db, TimeProvider clock)
{
    private const string UpdateSql = """
        UPDATE statements SET text = @text, html = @html, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    private const string ShiftSql = "UPDATE statements SET position = position + 1 WHERE presentation_id = @presentationId AND position > @position";

    private const string InsertSql = """
        INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, by_presenter, same_voice_as, kind, text, html, revision,
                                created_by_user_id, created_at, updated_by_user_id, updated_at)
        VALUES (@presentationId, @position, @speakerId, @audience, @byPresenter, @sameVoiceAs, @kind, @text, @html, 1, @userId, @now, @userId, @now)
        RETURNING id
        """;

    public async Task<WriteResult<(StatementRecord First, StatementRecord Second)>> HandleAsync(
        long presentationId, long id, SplitForm form, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var change = await StatementChange.OpenAsync(db, presentationId, id, now, ct);
        if (change.Refusal<(StatementRecord, StatementRecord)>() is { } refused)
        {
            return refused;
        }
        var (conn, tx, current) = (change.Conn, change.Tx, change.Current!);
        if (current.Deleted || current.Revision != form.Revision)
        {
            return WriteResult<(StatementRecord, StatementRecord)>.Stale(current);
        }
        var first = form.At < current.Text.Length ? current.Text[..form.At].Trim() : "";
        var second = form.At < current.Text.Length ? current.Text[form.At..].Trim() : "";
        if (first.Length == 0 || second.Length == 0)
        {
            return WriteResult<(StatementRecord, StatementRecord)>.Invalid(nameof(form.At), "Put the cursor inside the text where it should be split: both parts need some text.");
        }
        await conn.ExecuteAsync(new CommandDefinition(UpdateSql, new { id, presentationId, text = first, html = Markdown.ToSafeHtml(first), userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, current.Revision + 1, "split", current.SpeakerId, current.Audience, current.Kind, first, userId, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(ShiftSql, new { presentationId, position = current.Position }, tx, cancellationToken: ct));
        var newId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            presentationId, position = current.Position + 1, speakerId = current.SpeakerId, audience = current.Audience, byPresenter = current.ByPresenter,
            // The rest of an unidentified voice's statement is still that voice.
            sameVoiceAs = current.SpeakerId is null && !current.ByPresenter ? id : (long?)null, kind = current.Kind,
            text = second, html = Markdown.ToSafeHtml(second), userId, now,
        }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, newId, 1, "split", current.SpeakerId, current.Audience, current.Kind, second, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        var a = (await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct))!;
        var b = (await StatementRecord.LoadAsync(conn, tx, presentationId, newId, ct))!;
        await tx.CommitAsync(ct);
        return WriteResult<(StatementRecord, StatementRecord)>.Saved((a, b));
    }
}

/// <summary>
/// Joins a statement with the next one in the discussion (both by the same speaker): the text of the next is appended
/// and the next is deleted (restorable, as any deleted statement).
/// </summary>
public sealed class MergeStatements(Db db, TimeProvider clock)
{
    private const string NextSql = """
        SELECT id FROM statements
        WHERE presentation_id = @presentationId AND deleted_at IS NULL AND (position > @position OR (position = @position AND id > @id))
        ORDER BY position, id LIMIT 1
        """;

    private const string UpdateSql = """
        UPDATE statements SET text = @text, html = @html, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    private const string DeleteSql = """
        UPDATE statements SET deleted_at = @now, revision = revision + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE id = @id AND presentation_id = @presentationId
        """;

    public async Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, long id, long revision, long nextRevision, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var change = await StatementChange.OpenAsync(db, presentationId, id, now, ct);
        if (change.Refusal<StatementRecord>() is { } refused)
        {
            return refused;
        }
        var (conn, tx, first) = (change.Conn, change.Tx, change.Current!);
        if (first.Deleted || first.Revision != revision)
        {
            return WriteResult<StatementRecord>.Stale(first);
        }
        var nextId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(NextSql, new { presentationId, position = first.Position, id }, tx, cancellationToken: ct));
        if (nextId is null)
        {
            return WriteResult<StatementRecord>.Invalid("merge", "There is no statement after this one to merge with.");
        }
        var next = (await StatementRecord.LoadAsync(conn, tx, presentationId, nextId.Value, ct))!;
        if (next.SpeakerId != first.SpeakerId || next.Audience != first.Audience)
        {
            return WriteResult<StatementRecord>.Invalid("merge", "Only statements by the same speaker (and both from the audience, or neither) can be merged. Change the speaker first if it is wrong.");
        }
        if (next.Revision != nextRevision)
        {
            return WriteResult<StatementRecord>.Stale(next);
        }
        var text = first.Text + " " + next.Text;
        await conn.ExecuteAsync(new CommandDefinition(UpdateSql, new { id, presentationId, text, html = Markdown.ToSafeHtml(text), userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, id, first.Revision + 1, "merged", first.SpeakerId, first.Audience, first.Kind, text, userId, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { id = next.Id, presentationId, userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.RevisionAsync(conn, tx, presentationId, next.Id, next.Revision + 1, "merged-away", next.SpeakerId, next.Audience, next.Kind, next.Text, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        var saved = (await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct))!;
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(saved);
    }
}
