namespace Roundtable.Web.Features.Proceedings;

/// <summary>One statement as stored, with who changed it last: what a writer gets back, and what a stale writer must merge with.</summary>
public sealed class StatementRecord
{
    public long Id { get; init; }
    public long PresentationId { get; init; }
    public int Position { get; init; }
    public long? SpeakerId { get; init; }
    public bool Audience { get; init; }
    public bool ByPresenter { get; init; }
    public long? SameVoiceAs { get; init; }
    public string LabelForm { get; init; } = "derived";
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";
    public long Revision { get; init; }
    public bool Deleted { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTime UpdatedAt { get; init; }

    // The writer's name by a subquery, so that the same columns serve a SELECT and a RETURNING clause
    // (updated_by_user_id is NOT NULL and references users: a join would find the same one).
    private const string Columns = """
        id, presentation_id, position, speaker_participation_id AS speaker_id, audience, by_presenter, same_voice_as, label_form, kind, text, revision,
        CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END AS deleted, (SELECT u.display_name FROM users u WHERE u.id = updated_by_user_id) AS updated_by, updated_at
        """;

    private const string Sql = "SELECT " + Columns + "\nFROM statements WHERE id = @id AND presentation_id = @presentationId";

    /// <summary>
    /// The same columns from the row an UPDATE or INSERT has just written, so that a save answers with its statement
    /// without reading it again (on both databases).
    /// </summary>
    internal const string Returning = "RETURNING " + Columns;

    /// <returns>null when there is no such statement in this presentation.</returns>
    public static Task<StatementRecord?> LoadAsync(DbConnection conn, DbTransaction? tx, long presentationId, long id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<StatementRecord>(new CommandDefinition(Sql, new { id, presentationId }, tx, cancellationToken: ct));

    public bool SameAs(StatementForm form, string cleanText) =>
        SpeakerId == form.SpeakerId && Audience == form.Audience && Kind == form.Kind && Text == cleanText
        && ByPresenter == form.Presenter && SameVoiceAs == form.SameVoiceAs && LabelForm == ProceedingsStore.LabelFormOf(form);
}
