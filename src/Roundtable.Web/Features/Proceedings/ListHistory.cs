namespace Roundtable.Web.Features.Proceedings;

/// <summary>Everything that happened to a presentation's proceedings, newest first: each saved revision and each lifecycle event.</summary>
public sealed class ListHistory(Db db)
{
    public sealed class Entry
    {
        public long Id { get; init; }
        public long? StatementId { get; init; }
        public long Revision { get; init; }
        public string Action { get; init; } = "";
        public long? SpeakerParticipationId { get; init; }
        public string? Speaker { get; init; }
        public bool Audience { get; init; }
        public string? Kind { get; init; }
        public string Text { get; init; } = "";
        public string By { get; init; } = "";
        public DateTime CreatedAt { get; init; }

        public string What => StatementId is null ? "Summary" : $"Statement #{StatementId}";
    }

    public sealed class Event
    {
        public long Id { get; init; }
        public string Action { get; init; } = "";
        public string Note { get; init; } = "";
        public string By { get; init; } = "";
        public DateTime CreatedAt { get; init; }
    }

    private const string RevisionsSql = """
        SELECT r.id, r.statement_id, r.revision, r.action, r.speaker_participation_id, p.full_name AS speaker, r.audience, r.kind,
               r.text, u.display_name AS by, r.created_at
        FROM proceeding_revisions r JOIN users u ON u.id = r.user_id
        LEFT JOIN participations pa ON pa.id = r.speaker_participation_id LEFT JOIN people p ON p.id = pa.person_id
        WHERE r.presentation_id = @presentationId
        ORDER BY r.id DESC
        LIMIT @limit
        """;

    private const string EventsSql = """
        SELECT e.id, e.action, e.note, u.display_name AS by, e.created_at
        FROM proceeding_events e JOIN users u ON u.id = e.user_id
        WHERE e.presentation_id = @presentationId
        ORDER BY e.id DESC
        """;

    public async Task<(IReadOnlyList<Entry> Revisions, IReadOnlyList<Event> Events)> HandleAsync(long presentationId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var revisions = (await conn.QueryAsync<Entry>(new CommandDefinition(RevisionsSql, new { presentationId, limit }, cancellationToken: ct))).AsList();
        var events = (await conn.QueryAsync<Event>(new CommandDefinition(EventsSql, new { presentationId }, cancellationToken: ct))).AsList();
        return (revisions, events);
    }

    private const string OneSql = """
        SELECT r.id, r.statement_id, r.revision, r.action, r.speaker_participation_id, p.full_name AS speaker, r.audience, r.kind,
               r.text, u.display_name AS by, r.created_at
        FROM proceeding_revisions r JOIN users u ON u.id = r.user_id
        LEFT JOIN participations pa ON pa.id = r.speaker_participation_id LEFT JOIN people p ON p.id = pa.person_id
        WHERE r.id = @id AND r.presentation_id = @presentationId
        """;

    // The version this one replaced: the latest applied revision of the same item before it.
    private const string PreviousSql = """
        SELECT r.id, r.statement_id, r.revision, r.action, r.speaker_participation_id, p.full_name AS speaker, r.audience, r.kind,
               r.text, u.display_name AS by, r.created_at
        FROM proceeding_revisions r JOIN users u ON u.id = r.user_id
        LEFT JOIN participations pa ON pa.id = r.speaker_participation_id LEFT JOIN people p ON p.id = pa.person_id
        WHERE r.id < @id AND r.action <> 'refused'
          AND ((@statementId IS NULL AND r.statement_id IS NULL AND r.presentation_id = @presentationId) OR r.statement_id = @statementId)
        ORDER BY r.id DESC LIMIT 1
        """;

    /// <returns>The revision and the one before it (null for the first); null when the revision is not this presentation's.</returns>
    public async Task<(Entry This, Entry? Previous)?> OneAsync(long presentationId, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var one = await conn.QuerySingleOrDefaultAsync<Entry>(new CommandDefinition(OneSql, new { id, presentationId }, cancellationToken: ct));
        if (one is null)
        {
            return null;
        }
        var previous = await conn.QuerySingleOrDefaultAsync<Entry>(new CommandDefinition(PreviousSql,
            new { id, presentationId, statementId = one.StatementId }, cancellationToken: ct));
        return (one, previous);
    }
}
