using System.Globalization;

namespace Roundtable.Web.Features.Reconvene;

/// <summary>The roundtable a follow-up reconvenes, and the follow-ups of a roundtable (newest first).</summary>
public sealed class FollowUpLinks(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string StartDate { get; init; } = "";
        public string Status { get; init; } = "";
        public long Invitees { get; init; }

        public DateOnly Start => DateOnly.ParseExact(StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public sealed class Links
    {
        public Row? Parent { get; init; }
        public IReadOnlyList<Row> FollowUps { get; init; } = [];
    }

    private const string ParentSql = """
        SELECT p.id, p.title, p.start_date, p.status, 0 AS invitees
        FROM roundtables r JOIN roundtables p ON p.id = r.parent_roundtable_id WHERE r.id = @roundtableId
        """;

    private const string FollowUpsSql = """
        SELECT f.id, f.title, f.start_date, f.status, (SELECT COUNT(*) FROM participations pa WHERE pa.roundtable_id = f.id) AS invitees
        FROM roundtables f WHERE f.parent_roundtable_id = @roundtableId
        ORDER BY f.id DESC
        """;

    public async Task<Links> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return new Links
        {
            Parent = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ParentSql, new { roundtableId }, cancellationToken: ct)),
            FollowUps = (await conn.QueryAsync<Row>(new CommandDefinition(FollowUpsSql, new { roundtableId }, cancellationToken: ct))).AsList(),
        };
    }
}
