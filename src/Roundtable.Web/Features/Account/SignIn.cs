using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Account;

/// <summary>Checks a password with Identity's hasher and locks the account after repeated failures.</summary>
public sealed class SignIn(Db db, TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    private const string FindSql = """
        SELECT id, email, display_name, role, password_hash, person_id, failed_logins, locked_until, security_stamp
        FROM users WHERE email_normalized = @email
        """;

    private const string FailSql = """
        UPDATE users SET failed_logins = failed_logins + 1,
            locked_until = CASE WHEN failed_logins + 1 >= @max THEN @lockedUntil ELSE locked_until END
        WHERE id = @id
        """;

    private const string SucceedSql = "UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = @hash WHERE id = @id";

    public async Task<Result<ClaimsPrincipal>> HandleAsync(string email, string password, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var user = await conn.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            FindSql, new { email = email.Trim().ToUpperInvariant() }, cancellationToken: ct));
        const string wrong = "The email or password is not right.";
        if (user is null)
        {
            // Hash anyway so a missing account takes as long as a wrong password.
            hasher.HashPassword(new UserAccount(), password);
            return Result<ClaimsPrincipal>.Fail("", wrong);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (user.LockedUntil is { } until && until > now)
        {
            return Result<ClaimsPrincipal>.Fail("", $"This account is locked after {MaxFailures} failed sign-ins. Try again after {until:HH:mm} UTC.");
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await conn.ExecuteAsync(new CommandDefinition(FailSql, new { id = user.Id, max = MaxFailures, lockedUntil = now + LockoutPeriod }, cancellationToken: ct));
            return Result<ClaimsPrincipal>.Fail("", wrong);
        }
        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        await conn.ExecuteAsync(new CommandDefinition(SucceedSql, new { id = user.Id, hash }, cancellationToken: ct));
        return Result<ClaimsPrincipal>.Success(ToPrincipal(user));
    }

    public static ClaimsPrincipal ToPrincipal(UserAccount user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.PersonId is { } personId)
        {
            claims.Add(new Claim(CurrentUser.PersonIdClaim, personId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "cookie", ClaimTypes.Name, ClaimTypes.Role));
    }
}

public sealed class UserAccount
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public long? PersonId { get; init; }
    public long FailedLogins { get; init; }
    public DateTime? LockedUntil { get; init; }
    public string SecurityStamp { get; init; } = "";
}
