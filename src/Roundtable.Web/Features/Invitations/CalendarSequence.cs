using System.Data.Common;
using Dapper;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>
/// Remembers the date, time and venue last mailed in a calendar invitation; when they change, the next
/// invitation carries a higher SEQUENCE so calendars replace the event instead of adding another.
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

    /// <summary>The sequence to mail now, raised (and stored) if the details changed since the last mailing.</summary>
    public static async Task<int> NextAsync(DbConnection conn, DbTransaction tx, GetRoundtable.Row rt, DateTime now, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql, new { roundtableId = rt.Id }, tx, cancellationToken: ct));
        var fingerprint = Fingerprint(rt);
        if (row is not null && row.Fingerprint == fingerprint)
        {
            return row.Sequence;
        }
        var sequence = row is null ? 0 : row.Sequence + 1;
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, new { roundtableId = rt.Id, sequence, fingerprint, now }, tx, cancellationToken: ct));
        return sequence;
    }

    /// <summary>True when invitations went out and the date, time or venue have changed since.</summary>
    public static async Task<bool> ChangedSinceMailedAsync(DbConnection conn, GetRoundtable.Row rt, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql, new { roundtableId = rt.Id }, cancellationToken: ct));
        return row is not null && row.Fingerprint != Fingerprint(rt);
    }
}
