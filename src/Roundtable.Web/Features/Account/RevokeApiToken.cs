using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Account;

/// <summary>Revokes one of the account's own tokens; the next request with it is refused (401). Revoking twice changes nothing.</summary>
public sealed class RevokeApiToken(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE api_tokens SET revoked_at = @now
        WHERE id = @id AND user_id = @userId AND revoked_at IS NULL
        RETURNING name, prefix
        """;

    private const string ExistsSql = "SELECT COUNT(*) FROM api_tokens WHERE id = @id AND user_id = @userId";

    private sealed class Row
    {
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
    }

    /// <returns>False when the account has no such token.</returns>
    public async Task<bool> HandleAsync(long userId, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var revoked = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { id, userId, now }, tx, cancellationToken: ct));
        if (revoked is null)
        {
            return await conn.ExecuteScalarAsync<long>(new CommandDefinition(ExistsSql, new { id, userId }, tx, cancellationToken: ct)) > 0;
        }
        await AuditLog.RecordAsync(conn, tx, now, userId, null, AuditActions.ApiTokenRevoked, null, $"API token “{revoked.Name}” ({revoked.Prefix}…) revoked.", ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
