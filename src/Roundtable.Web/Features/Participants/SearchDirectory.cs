using System.Security.Claims;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// The directory searched from a roundtable's participants page, to tick several people and add them at once: the
/// people the user may read (see <see cref="People.PeopleScope"/>), each marked if already on the roundtable.
/// </summary>
public sealed class SearchDirectory(Db db)
{
    public const int Limit = 200;

    public sealed class Row
    {
        public long Id { get; init; }
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string? Email { get; init; }
        public bool OnRoundtable { get; init; }
    }

    private const string Sql = """
        SELECT p.id, p.honorific, p.full_name, p.position, p.affiliation, p.email,
               EXISTS (SELECT 1 FROM participations x WHERE x.person_id = p.id AND x.roundtable_id = @roundtableId) AS on_roundtable
        FROM people p
        WHERE
        """ + People.ListPeople.MatchesSql + """
          AND (@all OR
        """ + People.PeopleScope.VisibleSql + """
        )
        ORDER BY p.sort_name, p.id
        LIMIT @limit
        """;

    /// <param name="query">Name, affiliation or email, as on the directory page; empty: everyone (up to <see cref="Limit"/>).</param>
    public async Task<IReadOnlyList<Row>> HandleAsync(ClaimsPrincipal user, long roundtableId, string? query, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new
        {
            roundtableId, pattern = People.ListPeople.Pattern(query), limit = Limit, all = user.IsAdministrator(), userId = user.Id(),
        }, cancellationToken: ct))).AsList();
    }
}
