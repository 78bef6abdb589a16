namespace Roundtable.Web.Features.Proceedings;

public enum WriteOutcome { Saved, Invalid, NotFound, Stale, Locked }

/// <summary>
/// What became of a change: saved; refused as invalid (with messages); about something that does not exist;
/// based on an old revision (Current holds the newer version, for the writer to merge); or refused because the
/// proceedings are approved and locked.
/// </summary>
public sealed class WriteResult<T>
{
    public WriteOutcome Outcome { get; private init; }
    public T? Value { get; private init; }
    public IReadOnlyList<FieldError> Errors { get; private init; } = [];
    public object? Current { get; private init; }

    public bool Ok => Outcome == WriteOutcome.Saved;

    public static WriteResult<T> Saved(T value) => new() { Outcome = WriteOutcome.Saved, Value = value };
    public static WriteResult<T> Invalid(string field, string message) => new() { Outcome = WriteOutcome.Invalid, Errors = [new FieldError(field, message)] };
    public static WriteResult<T> Invalid(IReadOnlyList<FieldError> errors) => new() { Outcome = WriteOutcome.Invalid, Errors = errors };
    public static WriteResult<T> NotFound() => new() { Outcome = WriteOutcome.NotFound };
    public static WriteResult<T> Stale(object current) => new() { Outcome = WriteOutcome.Stale, Current = current };
    public static WriteResult<T> Locked() => new()
    {
        Outcome = WriteOutcome.Locked,
        Errors = [new FieldError("status", "These proceedings are approved and locked. An organizer must reopen them before anything is changed.")],
    };

    /// <summary>The same refusal, for a use case that returns something else.</summary>
    public WriteResult<TOther> As<TOther>() => new() { Outcome = Outcome, Errors = Errors, Current = Current };
}

/// <summary>The steps every change to proceedings shares, inside the change's one transaction.</summary>
internal static class ProceedingsStore
{
    private const string EnsureSql = """
        INSERT INTO proceedings (presentation_id, updated_at) VALUES (@presentationId, @now)
        ON CONFLICT (presentation_id) DO NOTHING
        """;

    private const string StatusSql = "SELECT status FROM proceedings WHERE presentation_id = @presentationId";

    private const string TouchSql = """
        UPDATE proceedings SET version = version + 1, updated_by_user_id = @userId, updated_at = @now
        WHERE presentation_id = @presentationId
        """;

    private const string RevisionSql = """
        INSERT INTO proceeding_revisions (presentation_id, statement_id, revision, action, speaker_participation_id, audience, kind, text, user_id, created_at)
        VALUES (@presentationId, @statementId, @revision, @action, @speakerId, @audience, @kind, @text, @userId, @now)
        """;

    private const string EventSql = """
        INSERT INTO proceeding_events (presentation_id, action, note, user_id, created_at)
        VALUES (@presentationId, @action, @note, @userId, @now)
        """;

    private const string SpeakerSql = """
        SELECT COUNT(*) FROM participations pa JOIN presentations pr ON pr.roundtable_id = pa.roundtable_id
        WHERE pr.id = @presentationId AND pa.id = @speakerId
        """;

    private const string InsertSql = """
        INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, by_presenter, same_voice_as, label_form,
                                kind, text, html, revision, client_key, created_by_user_id, created_at, updated_by_user_id, updated_at)
        VALUES (@presentationId, @position, @SpeakerId, @Audience, @Presenter, @SameVoiceAs, @labelForm,
                @Kind, @text, @html, 1, @clientKey, @userId, @now, @userId, @now)
        """ + "\n" + StatementRecord.Returning;

    /// <summary>Inserts a statement at a position and records its first revision; returns it as stored.</summary>
    public static async Task<StatementRecord> InsertStatementAsync(DbConnection conn, DbTransaction tx, long presentationId, long position, StatementForm form,
        string text, string? clientKey, string action, long userId, DateTime now, CancellationToken ct)
    {
        var record = await conn.QuerySingleAsync<StatementRecord>(new CommandDefinition(InsertSql,
            new
            {
                presentationId, position, form.SpeakerId, form.Audience, form.Presenter, form.SameVoiceAs, labelForm = LabelFormOf(form), form.Kind, text,
                html = Markdown.ToSafeHtml(text), clientKey, userId, now,
            }, tx, cancellationToken: ct));
        await RevisionAsync(conn, tx, presentationId, record.Id, 1, action, form.SpeakerId, form.Audience, form.Kind, text, userId, now, ct);
        return record;
    }

    /// <summary>
    /// The opening of a change that approved proceedings refuse: the presentation locked against concurrent changes and
    /// the proceedings row made sure of; true when they are approved (the caller answers <c>Locked</c>).
    /// </summary>
    public static async Task<bool> LockAndCheckApprovedAsync(DbConnection conn, DbTransaction tx, long presentationId, DateTime now, CancellationToken ct)
    {
        await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
        return await OpenAsync(conn, tx, presentationId, now, ct) == ProceedingStatus.Approved;
    }

    /// <summary>Makes sure the proceedings row exists and returns its status (one statement when it does, as at every save but the first).</summary>
    public static async Task<string> OpenAsync(DbConnection conn, DbTransaction tx, long presentationId, DateTime now, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<string>(new CommandDefinition(StatusSql, new { presentationId }, tx, cancellationToken: ct)) is { } status)
        {
            return status;
        }
        // A writer that found none beside this one (PostgreSQL, not holding the presentation's lock) inserts nothing more.
        await conn.ExecuteAsync(new CommandDefinition(EnsureSql, new { presentationId, now }, tx, cancellationToken: ct));
        return await conn.ExecuteScalarAsync<string>(new CommandDefinition(StatusSql, new { presentationId }, tx, cancellationToken: ct)) ?? ProceedingStatus.Draft;
    }

    public static Task TouchAsync(DbConnection conn, DbTransaction tx, long presentationId, long userId, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(TouchSql, new { presentationId, userId, now }, tx, cancellationToken: ct));

    public static Task RevisionAsync(DbConnection conn, DbTransaction tx, long presentationId, long? statementId, long revision, string action,
        long? speakerId, bool audience, string? kind, string text, long userId, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(RevisionSql,
            new { presentationId, statementId, revision, action, speakerId, audience, kind, text, userId, now }, tx, cancellationToken: ct));

    public static Task EventAsync(DbConnection conn, DbTransaction tx, long presentationId, string action, string note, long userId, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(EventSql, new { presentationId, action, note, userId, now }, tx, cancellationToken: ct));

    /// <summary>The label form as stored: derived when none was chosen.</summary>
    public static string LabelFormOf(StatementForm form) => string.IsNullOrWhiteSpace(form.LabelForm) ? Attribution.LabelForms.Derived : form.LabelForm.Trim();

    /// <summary>
    /// Checks a statement's fields; the speaker must take part in the presentation's roundtable, no image from an address,
    /// and who spoke and how the label prints must pass <see cref="CheckAttribution"/>.
    /// </summary>
    /// <param name="statementId">The statement being changed; null for a new one.</param>
    /// <param name="position">Where it stands (or will stand) in the discussion.</param>
    public static async Task<List<FieldError>> CheckAsync(DbConnection conn, DbTransaction tx, long presentationId, StatementForm form,
        long? statementId, long position, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.Text))
        {
            errors.Add(new FieldError(nameof(form.Text), "A statement needs some text."));
        }
        if (Markdown.RefuseLinkedImage(nameof(form.Text), "the statement", form.Text) is { } image)
        {
            errors.Add(image);
        }
        if (!StatementKinds.IsKnown(form.Kind))
        {
            errors.Add(new FieldError(nameof(form.Kind), $"“{form.Kind}” is not a kind of statement; use question, remark or reply."));
        }
        if (form.SpeakerId is { } speakerId
            && await conn.ExecuteScalarAsync<long>(new CommandDefinition(SpeakerSql, new { presentationId, speakerId }, tx, cancellationToken: ct)) == 0)
        {
            errors.Add(new FieldError(nameof(form.SpeakerId), $"Speaker {speakerId} does not take part in this roundtable. Choose a participant, or “unidentified”."));
            return errors;
        }
        errors.AddRange(await CheckAttribution.HandleAsync(conn, tx, presentationId, form, statementId, position, ct));
        return errors;
    }

    /// <summary>Line endings made uniform and outer blank space removed; the words are kept exactly as typed.</summary>
    public static string Clean(string? text) => (text ?? "").ReplaceLineEndings("\n").Trim();
}
