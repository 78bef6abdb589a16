using System.Security.Claims;

namespace Roundtable.Web.Features.People;

public enum PersonRight { None, Read, Edit }

/// <summary>
/// What a user may do with a person of the shared directory. An administrator: everything. An organizer: read the
/// people of the roundtables they manage and the people on no roundtable yet (newly added or imported); edit, email
/// included, only people who take part in no roundtable they do not manage. Anyone else: nothing.
/// </summary>
public sealed class PeopleScope(Db db)
{
    /// <summary>A condition on the person aliased p, for @userId.</summary>
    public const string VisibleSql = """
        (NOT EXISTS (SELECT 1 FROM participations v WHERE v.person_id = p.id)
         OR EXISTS (SELECT 1 FROM participations v JOIN roundtable_managers m ON m.roundtable_id = v.roundtable_id
                    WHERE v.person_id = p.id AND m.user_id = @userId))
        """;

    /// <summary>A condition on the person aliased p, for @userId.</summary>
    public const string EditableSql = """
        (NOT EXISTS (SELECT 1 FROM participations v WHERE v.person_id = p.id
                     AND v.roundtable_id NOT IN (SELECT m.roundtable_id FROM roundtable_managers m WHERE m.user_id = @userId)))
        """;

    private sealed class Row
    {
        public bool Visible { get; init; }
        public bool Editable { get; init; }
    }

    private const string Sql = "SELECT " + VisibleSql + " AS visible, " + EditableSql + " AS editable FROM people p WHERE p.id = @id";

    private const string HiddenByEmailSql = "SELECT p.email FROM people p WHERE p.email_normalized = @email AND NOT " + VisibleSql;

    /// <returns>null when there is no such person.</returns>
    public async Task<PersonRight?> HandleAsync(ClaimsPrincipal user, long personId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { id = personId, userId = user.Id() }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }
        return user.IsAdministrator() || (user.IsOrganizer() && row.Editable) ? PersonRight.Edit
            : user.IsOrganizer() && row.Visible ? PersonRight.Read
            : PersonRight.None;
    }

    /// <summary>
    /// The emails, among <paramref name="emails"/>, of people already in the directory whom the user may not read: typing
    /// someone's address must not pull them (and their details) onto the user's roundtable.
    /// </summary>
    public async Task<IReadOnlyList<string>> HiddenAsync(ClaimsPrincipal user, IEnumerable<string> emails, CancellationToken ct)
    {
        if (user.IsAdministrator())
        {
            return [];
        }
        await using var conn = await db.OpenAsync(ct);
        var hidden = new List<string>();
        foreach (var email in emails.Select(Emails.Normalize).Distinct())
        {
            if (await conn.ExecuteScalarAsync<string?>(new CommandDefinition(HiddenByEmailSql, new { email, userId = user.Id() }, cancellationToken: ct)) is { } found)
            {
                hidden.Add(found);
            }
        }
        return hidden;
    }
}
