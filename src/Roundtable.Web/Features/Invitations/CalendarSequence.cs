using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>
/// Remembers the date, time and venue last mailed in a calendar invitation; when they change, the next
/// invitation carries a higher SEQUENCE so calendars replace the event instead of adding another. Each invitee's
/// participation keeps the SEQUENCE mailed to them, so those left with old details are known.
/// </summary>
public static class CalendarSequence
{
    private sealed class Row
    {
        public int Sequence { get; init; }
        public string Fingerprint { get; init; } = "";
    }

    private const string GetSql = "SELECT sequence, fingerprint FROM calendar_events WHERE roundtable_id = @roundtableId";

    private const string UpsertSql = """
        INSERT INTO calendar_events (roundtable_id, sequence, fingerprint, updated_at) VALUES (@roundtableId, @sequence, @fingerprint, @now)
        ON CONFLICT (roundtable_id) DO UPDATE SET sequence = excluded.sequence, fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
        """;

    public static string Fingerprint(GetRoundtable.Row rt) =>
        string.Join('|', rt.StartDate, rt.EndDate, rt.StartTime, rt.EndTime, rt.TimeZone, rt.Venue.Trim());

    /// <summary>
    /// The sequence to mail now, raised (and stored) if the details changed since the last mailing; <c>Raised</c> says
    /// they did (then every earlier calendar is out of date, whether or not its SEQUENCE was recorded).
    /// </summary>
    public static async Task<(int Sequence, bool Raised)> NextAsync(DbConnection conn, DbTransaction tx, GetRoundtable.Row rt, DateTime now, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql, new { roundtableId = rt.Id }, tx, cancellationToken: ct));
        var fingerprint = Fingerprint(rt);
        if (row is not null && row.Fingerprint == fingerprint)
        {
            return (row.Sequence, false);
        }
        var sequence = row is null ? 0 : row.Sequence + 1;
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, new { roundtableId = rt.Id, sequence, fingerprint, now }, tx, cancellationToken: ct));
        return (sequence, row is not null);
    }

    /// <summary>
    /// Whether an invitee's calendar is older than <paramref name="sequence"/>. One never mailed a calendar (marked
    /// invited by hand) counts only when the details <paramref name="changed"/> since the last mailing.
    /// </summary>
    public static bool Behind(Invitee i, int sequence, bool changed) => i.CalendarSequence is { } mailed ? mailed < sequence : changed;

    /// <summary>
    /// How many invitees with an address have calendars showing other details than the roundtable has now: everyone
    /// mailed before the date, time or venue changed, including those mailed before an earlier change whom later
    /// invitations did not reach. Zero when no invitation went out yet.
    /// </summary>
    public static async Task<int> InviteesBehindAsync(DbConnection conn, GetRoundtable.Row rt, IEnumerable<Invitee> invitees, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql, new { roundtableId = rt.Id }, cancellationToken: ct));
        if (row is null)
        {
            return 0;
        }
        // Changed since: the next mailing will carry the next SEQUENCE, so the latest one mailed is behind too.
        var changed = row.Fingerprint != Fingerprint(rt);
        var current = changed ? row.Sequence + 1 : row.Sequence;
        return invitees.Count(i => i.InvitationStatus != "not_invited" && !string.IsNullOrWhiteSpace(i.Email) && Behind(i, current, changed));
    }
}
