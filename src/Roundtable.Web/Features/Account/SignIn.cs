using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Account;

/// <summary>
/// Checks a password with Identity's hasher and locks the account after repeated failures. Every failure (no such
/// account, wrong password, locked account) gets the same answer and costs one hash, so the answer tells nothing.
/// </summary>
public sealed class SignIn(Db db, TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);
    public const string Failed = "The email or password is not right.";

    /// <summary>The columns of a <see cref="UserAccount"/>, as every read of an account spells them.</summary>
    internal const string Columns = "id, email, display_name, role, is_administrator, password_hash, person_id, failed_logins, locked_until, security_stamp";

    // Each password check is claimed first, in one statement, so parallel attempts cannot all read "4 failures so
    // far" and all check: the claim that reaches MaxFailures sets the lock, later claims find the row locked and
    // update nothing. A right password then clears the count. A lock that has run out starts the count again.
    private const string ClaimByEmailSql = """
        UPDATE users SET
            failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END) >= @max THEN @lockedUntil ELSE NULL END
        WHERE email_normalized = @email AND (locked_until IS NULL OR locked_until <= @now)
        """ + "\nRETURNING " + Columns;

    private const string ClaimByIdSql = """
        UPDATE users SET
            failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END) >= @max THEN @lockedUntil ELSE NULL END
        WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
        """ + "\nRETURNING " + Columns;

    private const string SucceedSql = "UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = @hash WHERE id = @id";

    public const string FindByIdSql = "SELECT " + Columns + " FROM users WHERE id = @id";

    // Checked against when there is no password to check, so that answer takes as long as a wrong password.
    // Made once per process (the class is scoped), so this path costs one hash check like the others.
    private static string? decoy;

    public async Task<Result<ClaimsPrincipal>> HandleAsync(string email, string password, CancellationToken ct)
    {
        var user = await CheckAsync(ClaimByEmailSql, new { email = email.Trim().ToUpperInvariant() }, email.Trim(), password, ct);
        return user is null ? Result<ClaimsPrincipal>.Fail("", Failed) : Result<ClaimsPrincipal>.Success(ToPrincipal(user));
    }

    /// <summary>The current password of a signed-in user (changing it), under the same count and lock as signing in.</summary>
    public Task<UserAccount?> CheckCurrentAsync(long userId, string password, CancellationToken ct) =>
        CheckAsync(ClaimByIdSql, new { id = userId }, null, password, ct);

    /// <param name="tried">The email that was typed (for the audit log when there is no such account, or it is locked).</param>
    private async Task<UserAccount?> CheckAsync(string claimSql, object key, string? tried, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var p = new DynamicParameters(key);
        p.Add("now", now);
        p.Add("max", MaxFailures);
        p.Add("lockedUntil", now + LockoutPeriod);
        await using var conn = await db.OpenAsync(ct);
        var user = await conn.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(claimSql, p, cancellationToken: ct));
        if (user is null)
        {
            decoy ??= hasher.HashPassword(new UserAccount(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            hasher.VerifyHashedPassword(new UserAccount(), decoy, password);
            await AuditLog.RecordAsync(conn, null, now, null, tried ?? "", AuditActions.SignInFailed, null, "No such account, or the account is locked.", ct);
            return null;
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await AuditLog.RecordAsync(conn, null, now, user.Id, user.Email, AuditActions.SignInFailed, null, $"Wrong password ({user.FailedLogins} in a row).", ct);
            if (user.LockedUntil is { } until)
            {
                await AuditLog.RecordAsync(conn, null, now, user.Id, user.Email, AuditActions.Lockout, null, $"Locked until {until:yyyy-MM-dd HH:mm} UTC after {MaxFailures} wrong passwords.", ct);
            }
            return null;
        }
        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        await conn.ExecuteAsync(new CommandDefinition(SucceedSql, new { id = user.Id, hash }, cancellationToken: ct));
        if (tried is not null)
        {
            await AuditLog.RecordAsync(conn, null, now, user.Id, user.Email, AuditActions.SignIn, null, "Signed in.", ct);
        }
        return user;
    }

    public static ClaimsPrincipal ToPrincipal(UserAccount user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
            new(CurrentUser.SecurityStampClaim, user.SecurityStamp),
        };
        if (user.IsAdministrator && user.Role == Roles.Organizer)
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Administrator));
        }
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
    public bool IsAdministrator { get; init; }
    public string PasswordHash { get; init; } = "";
    public long? PersonId { get; init; }
    public long FailedLogins { get; init; }
    public DateTime? LockedUntil { get; init; }
    public string SecurityStamp { get; init; } = "";
}
