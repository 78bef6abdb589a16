using System.Security.Claims;

namespace Roundtable.Web.Features.Roundtables;

/// <summary>The roundtables this user may open: an organizer's own, and those the user is a rapporteur or organizer of.</summary>
public sealed class ListRoundtables(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string StartDate { get; init; } = "";
        public string EndDate { get; init; } = "";
        public string Venue { get; init; } = "";
        public string HostOrganization { get; init; } = "";
        public string Status { get; init; } = "";
        public long Participants { get; init; }
        public long Presentations { get; init; }
    }

    private const string Sql = """
        SELECT r.id, r.title, r.start_date, r.end_date, r.venue, r.host_organization, r.status,
            (SELECT COUNT(*) FROM participations pa WHERE pa.roundtable_id = r.id) AS participants,
            (SELECT COUNT(*) FROM presentations pr WHERE pr.roundtable_id = r.id) AS presentations
        FROM roundtables r
        WHERE (@isOrganizer AND r.created_by_user_id = @userId)
           OR EXISTS (SELECT 1 FROM account_roles a WHERE a.roundtable_id = r.id AND a.user_id = @userId AND a.role IN ('organizer', 'rapporteur'))
        ORDER BY r.start_date DESC, r.id DESC
        """;

    public async Task<(IReadOnlyList<Row> Upcoming, IReadOnlyList<Row> Past)> HandleAsync(ClaimsPrincipal user, DateOnly today, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Sql,
            new { isOrganizer = user.IsOrganizer(), userId = user.Id() }, cancellationToken: ct))).AsList();
        var cut = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var upcoming = rows.Where(r => string.CompareOrdinal(r.EndDate, cut) >= 0).OrderBy(r => r.StartDate).ToList();
        var past = rows.Where(r => string.CompareOrdinal(r.EndDate, cut) < 0).ToList();
        return (upcoming, past);
    }
}
