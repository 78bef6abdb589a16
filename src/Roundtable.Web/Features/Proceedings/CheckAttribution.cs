using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Checks who a statement says spoke and how its label may print, inside the writer's transaction: the presenter flag,
/// a "same voice as" link (an earlier statement of the same discussion, not a named speaker's, no cycle), and the
/// label form chosen (never a name for someone who may not be named). Resolves a link given by number to the
/// statement's id.
/// </summary>
internal static class CheckAttribution
{
    private sealed class Target
    {
        public long Id { get; init; }
        public long PresentationId { get; init; }
        public long Position { get; init; }
        public long? SpeakerParticipationId { get; init; }
        public bool ByPresenter { get; init; }
        public long? SameVoiceAs { get; init; }
        public bool Deleted { get; init; }
    }

    private const string PresentationSql = "SELECT presenter_named FROM presentations WHERE id = @presentationId";

    private const string PresentersSql = "SELECT participation_id FROM presentation_presenters WHERE presentation_id = @presentationId";

    private const string TargetSql = """
        SELECT id, presentation_id, position, speaker_participation_id, by_presenter, same_voice_as,
               CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END AS deleted
        FROM statements WHERE id = @id
        """;

    private const string ByNumberSql = """
        SELECT id FROM statements WHERE presentation_id = @presentationId AND deleted_at IS NULL
        ORDER BY position, id LIMIT 1 OFFSET @offset
        """;

    /// <param name="statementId">The statement being changed; null for a new one.</param>
    /// <param name="position">Where the statement stands (or will stand) in the discussion.</param>
    public static async Task<List<FieldError>> HandleAsync(DbConnection conn, DbTransaction tx, long presentationId, StatementForm form,
        long? statementId, long position, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        // The usual statement (an autosave, most of all): the derived label, no link, no presenter mark. Nothing here can
        // refuse it, so the presentation and the speaker are not read again.
        if (form.SameVoiceAs is null && form.SameVoiceAsNumber is null && !form.Presenter && ProceedingsStore.LabelFormOf(form) == LabelForms.Derived)
        {
            return errors;
        }
        if (form.SameVoiceAsNumber is { } number && form.SameVoiceAs is null)
        {
            form.SameVoiceAs = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(ByNumberSql, new { presentationId, offset = number - 1 }, tx, cancellationToken: ct));
            if (form.SameVoiceAs is null)
            {
                errors.Add(new FieldError(nameof(form.SameVoiceAsNumber), $"There is no statement {number} in this discussion yet."));
                return errors;
            }
        }
        var presenterNamed = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PresentationSql, new { presentationId }, tx, cancellationToken: ct));
        var presenters = (await conn.QueryAsync<long>(new CommandDefinition(PresentersSql, new { presentationId }, tx, cancellationToken: ct))).ToHashSet();
        var voice = form.SpeakerId is { } speakerId
            ? (await ListSpeakers.OneAsync(conn, tx, speakerId, ct))?.ToVoice()
            : null;
        var isPresenter = voice is not null && presenters.Contains(voice.ParticipationId);

        if (form.Presenter && voice is not null && !isPresenter)
        {
            errors.Add(new FieldError(nameof(form.Presenter), $"{voice.NameInPrint} does not present this presentation: leave the speaker empty for a presenter who is not recorded, or untick “presenter”."));
        }
        if (form.SameVoiceAs is { } earlier)
        {
            if (await SameVoiceRefusalAsync(conn, tx, presentationId, statementId, position, earlier, form, voice, presenters, ct) is { } refusal)
            {
                errors.Add(new FieldError(nameof(form.SameVoiceAs), refusal));
            }
        }
        var speech = new Speech(statementId ?? 0, voice, form.Audience)
        {
            IsPresenter = isPresenter, ByPresenter = voice is null && form.Presenter, Form = string.IsNullOrEmpty(form.LabelForm) ? LabelForms.Derived : form.LabelForm,
        };
        if (LabelForms.Refusal(speech, presenterNamed) is { } formRefusal)
        {
            errors.Add(new FieldError(nameof(form.LabelForm), formRefusal));
        }
        return errors;
    }

    private static async Task<string?> SameVoiceRefusalAsync(DbConnection conn, DbTransaction tx, long presentationId, long? statementId, long position,
        long earlier, StatementForm form, Voice? voice, HashSet<long> presenters, CancellationToken ct)
    {
        if (voice is not null || form.Presenter)
        {
            return "“Same voice as” is for an unidentified speaker: clear the speaker (and the presenter mark) first.";
        }
        if (earlier == statementId)
        {
            return "A statement cannot be the same voice as itself.";
        }
        var target = await conn.QuerySingleOrDefaultAsync<Target>(new CommandDefinition(TargetSql, new { id = earlier }, tx, cancellationToken: ct));
        if (target is null || target.Deleted)
        {
            return $"Statement {earlier} is not in this discussion.";
        }
        if (target.PresentationId != presentationId)
        {
            return "That statement is in another presentation's discussion: a voice is only ever linked within one discussion.";
        }
        // Follow the earlier statement's own links: reaching this statement again would make the voices a circle.
        var hops = 0;
        for (var link = target; link.SameVoiceAs is { } next && hops < 10_000; hops++)
        {
            if (next == statementId)
            {
                return "These statements would each be “the same voice as” the other, in a circle: link to the earliest of them instead.";
            }
            link = await conn.QuerySingleOrDefaultAsync<Target>(new CommandDefinition(TargetSql, new { id = next }, tx, cancellationToken: ct));
            if (link is null)
            {
                break;
            }
        }
        if (target.Position >= position)
        {
            return "That statement comes after this one: a voice can only be the same as an earlier statement's.";
        }
        if (target.ByPresenter || (target.SpeakerParticipationId is { } p && presenters.Contains(p)))
        {
            return "That statement is the presenter's: mark this one as the presenter's instead.";
        }
        if (target.SpeakerParticipationId is { } speakerId
            && await ListSpeakers.OneAsync(conn, tx, speakerId, ct) is { MayBeNamed: true } named)
        {
            return $"That statement is by a named speaker ({named.NameInPrint}): choose them as the speaker instead.";
        }
        return null;
    }
}
