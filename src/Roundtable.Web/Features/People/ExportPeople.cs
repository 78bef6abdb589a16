using System.Security.Claims;

namespace Roundtable.Web.Features.People;

/// <summary>
/// The directory as a sheet, as far as the user may read it (see <see cref="PeopleScope"/>), optionally searched like
/// the directory page. The columns are the import's, so an edited export can be imported back.
/// </summary>
public sealed class ExportPeople(Db db)
{
    public static readonly IReadOnlyList<string> Headers =
        ["honorific", "full_name", "name_in_print", "surname", "sort_name", "short_names", "position", "affiliation", "email", "phone", "biography"];

    private const string Sql = """
        SELECT p.honorific, p.full_name, p.name_in_print, p.surname, p.sort_name, p.short_names, p.position, p.affiliation,
               p.email, p.phone, p.biography
        FROM people p
        WHERE
        """ + ListPeople.MatchesSql + """
          AND (@all OR
        """ + PeopleScope.VisibleSql + """
        )
        ORDER BY p.sort_name, p.id
        """;

    public async Task<Sheet> HandleAsync(ClaimsPrincipal user, string? query, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        // The columns read are the sheet's; the values a person has beyond them stay empty.
        var rows = await conn.QueryAsync<PersonValues>(new CommandDefinition(Sql, new
        {
            pattern = ListPeople.Pattern(query), all = user.IsAdministrator(), userId = user.Id(),
        }, cancellationToken: ct));
        return new Sheet
        {
            Name = "People",
            Headers = Headers,
            Widths = [10, 24, 24, 14, 24, 16, 24, 28, 28, 16, 60],
            Rows = rows.Select(r => (IReadOnlyList<string>)
                [r.Honorific, r.FullName, r.NameInPrint, r.Surname, r.SortName, r.ShortNames, r.Position, r.Affiliation, r.Email ?? "", r.Phone, r.Biography]).ToList(),
        };
    }
}
