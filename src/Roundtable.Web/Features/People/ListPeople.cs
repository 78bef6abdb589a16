using System.Security.Claims;

namespace Roundtable.Web.Features.People;

/// <summary>The directory, searched by name or affiliation: all of it for an administrator, else what <see cref="PeopleScope"/> lets the user read.</summary>
public sealed class ListPeople(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string? Email { get; init; }

        /// <summary>Why their address is flagged (a message to it bounced for good); null if it is not.</summary>
        public string? EmailBounceReason { get; init; }
    }

    /// <summary>A condition on the person aliased p: matches the search <see cref="Pattern"/> @pattern (or there is none).</summary>
    internal const string MatchesSql = """
        (@pattern IS NULL
            OR LOWER(p.full_name) LIKE @pattern ESCAPE '\' OR LOWER(p.name_in_print) LIKE @pattern ESCAPE '\'
            OR LOWER(p.affiliation) LIKE @pattern ESCAPE '\' OR LOWER(p.short_names) LIKE @pattern ESCAPE '\'
            OR LOWER(COALESCE(p.email, '')) LIKE @pattern ESCAPE '\')
        """;

    private const string Sql = """
        SELECT p.id, p.honorific, p.full_name, p.name_in_print, p.position, p.affiliation, p.email, p.email_bounce_reason
        FROM people p
        WHERE
        """ + MatchesSql + """
          AND (@all OR
        """ + PeopleScope.VisibleSql + """
        )
        ORDER BY p.sort_name, p.id
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<Row>> HandleAsync(ClaimsPrincipal user, string? query, int limit, CancellationToken ct)
    {
        var pattern = Pattern(query);
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { pattern, limit, all = user.IsAdministrator(), userId = user.Id() }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>The LIKE pattern of a search (null: no search), shared with the export and the participants page's search.</summary>
    internal static string? Pattern(string? query) =>
        string.IsNullOrWhiteSpace(query) ? null : "%" + EscapeLike(query.Trim().ToLowerInvariant()) + "%";

    // "%" and "_" typed by a user ("100% Org", "a_b") are searched for as themselves: escaped with the ESCAPE character
    // of the query, which both SQLite and PostgreSQL accept.
    private static string EscapeLike(string s) => s.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
