namespace Roundtable.Web.Features.Account;

/// <summary>Ends every session of an account by giving it a new security stamp (sign-out signs out everywhere).</summary>
public sealed class EndSessions(Db db)
{
    private const string Sql = "UPDATE users SET security_stamp = @stamp WHERE id = @id";

    public async Task HandleAsync(long userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { id = userId, stamp = NewStamp() }, cancellationToken: ct));
    }

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
