namespace Roundtable.Web.Features.Reports;

/// <summary>The biographies printed under "Among the participants", in the order the organizer set (default: by sort name).</summary>
public sealed class ListBiographies(Db db)
{
    public sealed class Row
    {
        public long ParticipationId { get; init; }
        public string FullName { get; init; } = "";
        public bool MayBeNamed { get; init; }
        public bool HasBiography { get; init; }
    }

    /// <summary>The order biographies print in (the report reads people in it too): NULL positions (never ordered) last, by sort name.</summary>
    internal const string PrintOrder = "CASE WHEN pa.biography_position IS NULL THEN 1 ELSE 0 END, pa.biography_position, p.sort_name, pa.id";

    internal const string Sql = """
        SELECT pa.id AS participation_id, p.full_name, pa.may_be_named, CASE WHEN p.biography = '' THEN 0 ELSE 1 END AS has_biography
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId AND pa.biography_in_report = TRUE
          AND NOT EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'rapporteur')
        ORDER BY
        """ + " " + PrintOrder;

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
