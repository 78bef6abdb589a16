using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// A roundtable's participants counted, for the overview and its answers card: counted by the database, so the page
/// reads a handful of numbers whether the roundtable has 13 participants or 2,000 (it read every participant and
/// invitee before, twice).
/// </summary>
public sealed class CountParticipants(Db db)
{
    public sealed class Counts
    {
        public long Total { get; init; }
        public long Invited { get; init; }
        public long Attended { get; init; }
        public long Accepted { get; init; }
        public long Declined { get; init; }
        public long Tentative { get; init; }

        /// <summary>Invited, no answer yet (invited or no_answer).</summary>
        public long Awaiting { get; init; }

        /// <summary>Marked invited, but every invitation mailed to them failed or was cancelled (<see cref="Invitee.InvitationLost"/>).</summary>
        public long Lost { get; init; }

        /// <summary>Invitees whose calendar shows other details than the roundtable has now (<see cref="CalendarSequence"/>).</summary>
        public long CalendarsBehind { get; set; }

        public IReadOnlyDictionary<string, long> Roles { get; set; } = new Dictionary<string, long>();

        public long Answered => Accepted + Declined + Tentative;

        public long WithRole(string role) => Roles.GetValueOrDefault(role);
    }

    private const string CountsSql = """
        SELECT COUNT(*) AS total,
            COALESCE(SUM(CASE WHEN pa.invitation_status <> 'not_invited' THEN 1 ELSE 0 END), 0) AS invited,
            COALESCE(SUM(CASE WHEN pa.attended THEN 1 ELSE 0 END), 0) AS attended,
            COALESCE(SUM(CASE WHEN pa.invitation_status = 'accepted' THEN 1 ELSE 0 END), 0) AS accepted,
            COALESCE(SUM(CASE WHEN pa.invitation_status = 'declined' THEN 1 ELSE 0 END), 0) AS declined,
            COALESCE(SUM(CASE WHEN pa.invitation_status = 'tentative' THEN 1 ELSE 0 END), 0) AS tentative,
            COALESCE(SUM(CASE WHEN pa.invitation_status IN ('invited', 'no_answer') THEN 1 ELSE 0 END), 0) AS awaiting,
            (SELECT COUNT(*) FROM participations pl
             WHERE pl.roundtable_id = @roundtableId
               -- Only those with an invitation that failed or was cancelled are looked at more closely: on a roundtable
               -- of thousands, the two lookups below for every participant were most of the overview's work.
               AND pl.id IN (SELECT o.participation_id FROM mailings m JOIN outbox o ON o.mailing_id = m.id
                             WHERE m.roundtable_id = @roundtableId AND m.kind IN ('invitation', 'invitation_update') AND o.status IN ('failed', 'cancelled'))
               AND NOT EXISTS (SELECT 1 FROM outbox o JOIN mailings m ON m.id = o.mailing_id
                               WHERE o.participation_id = pl.id AND m.kind IN ('invitation', 'invitation_update') AND o.status = 'sent')
               AND (SELECT o.status FROM outbox o JOIN mailings m ON m.id = o.mailing_id
                    WHERE o.participation_id = pl.id AND m.kind IN ('invitation', 'invitation_update') ORDER BY o.id DESC LIMIT 1) IN ('failed', 'cancelled')) AS lost
        FROM participations pa WHERE pa.roundtable_id = @roundtableId
        """;

    private const string RolesSql = """
        SELECT r.role, COUNT(*) AS n FROM participation_roles r JOIN participations pa ON pa.id = r.participation_id
        WHERE pa.roundtable_id = @roundtableId GROUP BY r.role
        """;

    private const string CalendarSql = "SELECT sequence, fingerprint FROM calendar_events WHERE roundtable_id = @roundtableId";

    // Invitees with an address, by the calendar SEQUENCE last mailed to them (NULL: none mailed).
    private const string SequencesSql = """
        SELECT CAST(pa.calendar_sequence AS BIGINT) AS sequence, COUNT(*) AS n
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId AND pa.invitation_status <> 'not_invited' AND p.email IS NOT NULL AND TRIM(p.email) <> ''
        GROUP BY pa.calendar_sequence
        """;

    // Those who attended, by organization: the count and the organizations in one reading of them.
    private const string AttendedSql = """
        SELECT p.affiliation, COUNT(*) AS n FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId AND pa.attended = TRUE
        GROUP BY p.affiliation
        """;

    /// <summary>How many attended, and their organizations (each once, in order): the foreword's facts.</summary>
    public async Task<(long Attended, IReadOnlyList<string> Organizations)> AttendanceAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var groups = (await conn.QueryAsync<(string Affiliation, long N)>(new CommandDefinition(AttendedSql, new { roundtableId }, cancellationToken: ct))).AsList();
        return (groups.Sum(g => g.N), groups.Where(g => g.Affiliation != "").Select(g => g.Affiliation).Order().ToList());
    }

    private sealed class Calendar
    {
        public int Sequence { get; init; }
        public string Fingerprint { get; init; } = "";
    }

    public async Task<Counts> HandleAsync(GetRoundtable.Row roundtable, CancellationToken ct)
    {
        var args = new { roundtableId = roundtable.Id };
        await using var conn = await db.OpenAsync(ct);
        var counts = await conn.QuerySingleAsync<Counts>(new CommandDefinition(CountsSql, args, cancellationToken: ct));
        counts.Roles = (await conn.QueryAsync<(string Role, long N)>(new CommandDefinition(RolesSql, args, cancellationToken: ct))).ToDictionary(r => r.Role, r => r.N);
        if (await conn.QuerySingleOrDefaultAsync<Calendar>(new CommandDefinition(CalendarSql, args, cancellationToken: ct)) is { } calendar)
        {
            // As CalendarSequence.InviteesBehindAsync: changed since the last mailing, the latest one mailed is behind too.
            var changed = calendar.Fingerprint != CalendarSequence.Fingerprint(roundtable);
            var current = changed ? calendar.Sequence + 1 : calendar.Sequence;
            counts.CalendarsBehind = (await conn.QueryAsync<(long? Sequence, long N)>(new CommandDefinition(SequencesSql, args, cancellationToken: ct)))
                .Where(s => s.Sequence is { } mailed ? mailed < current : changed).Sum(s => s.N);
        }
        return counts;
    }
}
