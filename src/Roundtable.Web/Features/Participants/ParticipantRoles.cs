using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Participants;

internal static class ParticipantRoles
{
    private const string DeleteSql = "DELETE FROM participation_roles WHERE participation_id = @id";
    private const string InsertSql = "INSERT INTO participation_roles (participation_id, role) VALUES (@id, @role)";

    public static async Task ReplaceAsync(DbConnection conn, DbTransaction tx, long id, IEnumerable<string> roles, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { id }, tx, cancellationToken: ct));
        foreach (var role in roles.Distinct())
        {
            await conn.ExecuteAsync(new CommandDefinition(InsertSql, new { id, role }, tx, cancellationToken: ct));
        }
    }
}
