using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Account;

public sealed class ApiTokenForm
{
    [Required(ErrorMessage = "Name the token after the script that will use it."), StringLength(100), Display(Name = "Name")]
    public string Name { get; set; } = "";

    /// <summary>The last day the token works (UTC); none: until it is revoked.</summary>
    [Display(Name = "Expires after (optional)")]
    public DateOnly? ExpiresOn { get; set; }
}

/// <summary>The token, shown to its owner once; only its hash is kept.</summary>
public sealed record NewApiToken(long Id, string Token);

/// <summary>
/// Makes a personal API token: 256 random bits, shown once, stored as their SHA-256 only. The token acts with its
/// owner's rights as they are when it is used (<see cref="ApiTokenAuthentication"/>), never with rights of its own.
/// </summary>
public sealed class CreateApiToken(Db db, TimeProvider clock)
{
    public const string Prefix = "rt_";

    private const string Sql = """
        INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
        VALUES (@userId, @name, @hash, @prefix, @now, @expiresAt)
        RETURNING id
        """;

    public async Task<Result<NewApiToken>> HandleAsync(long userId, ApiTokenForm form, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var name = form.Name.Trim();
        if (name.Length == 0)
        {
            return Result<NewApiToken>.Fail(nameof(form.Name), "Name the token after the script that will use it.");
        }
        DateTime? expiresAt = null;
        if (form.ExpiresOn is { } last)
        {
            if (last < DateOnly.FromDateTime(now) || last.Year > 2199)
            {
                return Result<NewApiToken>.Fail(nameof(form.ExpiresOn), "The last day must be today or later (and before 2200).");
            }
            // Good through the whole of its last day, in UTC.
            expiresAt = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(Sql, new
        {
            userId, name, hash = Hash(token), prefix = token[..10], now, expiresAt,
        }, tx, cancellationToken: ct));
        await AuditLog.RecordAsync(conn, tx, now, userId, null, AuditActions.ApiTokenCreated, null,
            $"API token “{name}” ({token[..10]}…) created, " +
            (expiresAt is { } e ? $"good until {e.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (UTC)." : "good until revoked."), ct);
        await tx.CommitAsync(ct);
        return Result<NewApiToken>.Success(new NewApiToken(id, token));
    }

    /// <summary>What is stored and looked up: the SHA-256 of the token, in lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
