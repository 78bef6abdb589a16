using System.Security.Claims;

namespace Roundtable.Web.Features.Roundtables;

public enum Access { None, Read, Manage }

/// <summary>
/// Who may do what with one roundtable: an organizer manages the roundtables they created or are an organizer of;
/// a rapporteur of the roundtable may read it. Anyone else gets nothing (403). Roles come to an account through its
/// person only where that link counts (the account_roles view): never because someone linked an account to a person.
/// </summary>
public sealed class RoundtableAccess(Db db)
{
    private sealed class Row
    {
        public long CreatedByUserId { get; init; }
        public bool IsOrganizer { get; init; }
        public bool IsRapporteur { get; init; }
    }

    // The roundtable's row comes with the answer (one statement), for the page header (see GetRoundtable.Remember).
    private const string Sql = """
        SELECT r.created_by_user_id,
            EXISTS (SELECT 1 FROM account_roles a WHERE a.roundtable_id = r.id AND a.user_id = @userId AND a.role = 'organizer') AS is_organizer,
            EXISTS (SELECT 1 FROM account_roles a WHERE a.roundtable_id = r.id AND a.user_id = @userId AND a.role = 'rapporteur') AS is_rapporteur,
        """ + GetRoundtable.Columns + """

        FROM roundtables r WHERE r.id = @id
        """;

    /// <returns>null when the roundtable does not exist.</returns>
    public async Task<Access?> HandleAsync(ClaimsPrincipal user, long roundtableId, CancellationToken ct) =>
        (await ReadAsync(user, roundtableId, ct)).Access;

    /// <summary>The access, and the roundtable's row as it is now (both null when it does not exist).</summary>
    public async Task<(Access? Access, GetRoundtable.Row? Roundtable)> ReadAsync(ClaimsPrincipal user, long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row, GetRoundtable.Row, (Row, GetRoundtable.Row)>(new CommandDefinition(Sql, new { id = roundtableId, userId = user.Id() }, cancellationToken: ct),
            (rights, roundtable) => (rights, roundtable), splitOn: "id");
        if (rows.FirstOrDefault() is not ({ } row, { } roundtable))
        {
            return (null, null);
        }
        if (user.IsOrganizer() && (row.CreatedByUserId == user.Id() || row.IsOrganizer))
        {
            return (Access.Manage, roundtable);
        }
        return (row.IsRapporteur || row.IsOrganizer ? Access.Read : Access.None, roundtable);
    }
}
