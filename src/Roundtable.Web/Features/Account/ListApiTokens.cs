namespace Roundtable.Web.Features.Account;

/// <summary>One account's own tokens, newest first, with when each was made, last used, expires or was revoked.</summary>
public sealed class ListApiTokens(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
        public DateTime? RevokedAt { get; init; }

        public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
    }

    private const string Sql = """
        SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at
        FROM api_tokens WHERE user_id = @userId
        ORDER BY created_at DESC, id DESC
        """;

    public async Task<IReadOnlyList<Row>> HandleAsync(long userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { userId }, cancellationToken: ct))).AsList();
    }
}
