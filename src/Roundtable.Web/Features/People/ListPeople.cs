using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.People;

/// <summary>The directory, searched by name or affiliation.</summary>
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
    }

    private const string Sql = """
        SELECT id, honorific, full_name, name_in_print, position, affiliation, email
        FROM people
        WHERE (@pattern IS NULL
            OR LOWER(full_name) LIKE @pattern ESCAPE '\' OR LOWER(name_in_print) LIKE @pattern ESCAPE '\'
            OR LOWER(affiliation) LIKE @pattern ESCAPE '\' OR LOWER(short_names) LIKE @pattern ESCAPE '\'
            OR LOWER(COALESCE(email, '')) LIKE @pattern ESCAPE '\')
        ORDER BY sort_name, id
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<Row>> HandleAsync(string? query, int limit, CancellationToken ct)
    {
        var pattern = string.IsNullOrWhiteSpace(query) ? null : "%" + EscapeLike(query.Trim().ToLowerInvariant()) + "%";
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { pattern, limit }, cancellationToken: ct));
        return rows.AsList();
    }

    // "%" and "_" typed by a user ("100% Org", "a_b") are searched for as themselves: escaped with the ESCAPE character
    // of the query, which both SQLite and PostgreSQL accept.
    private static string EscapeLike(string s) => s.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
