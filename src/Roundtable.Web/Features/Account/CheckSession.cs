using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Account;

/// <summary>
/// A session lives as long as the account's security stamp it was signed in with. Every request reads the account
/// again: a changed stamp (sign-out, password change) or a removed account ends the session, even a copied cookie,
/// and a changed role or administrator flag applies at once.
/// </summary>
public sealed class CheckSession(Db db)
{
    public static Task ValidateAsync(CookieValidatePrincipalContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<CheckSession>().HandleAsync(context);

    public async Task HandleAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(CurrentUser.SecurityStampClaim);
        UserAccount? user = null;
        if (stamp is not null && long.TryParse(principal!.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await using var conn = await db.OpenAsync(context.HttpContext.RequestAborted);
            user = await conn.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(SignIn.FindByIdSql, new { id }, cancellationToken: context.HttpContext.RequestAborted));
        }
        if (user is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(user.SecurityStamp), System.Text.Encoding.UTF8.GetBytes(stamp!)))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(SignIn.ToPrincipal(user));
    }
}

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

public sealed class ChangePasswordForm
{
    [Required, DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";

    [Required, DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required, DataType(DataType.Password)]
    [Display(Name = "New password again")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>
/// Changes the signed-in user's password: the current one is checked under the sign-in lock, the new one against
/// <see cref="PasswordRules"/>, and a new security stamp ends every other session. Returns the account to sign in again.
/// </summary>
public sealed class ChangePassword(Db db, SignIn signIn, IPasswordHasher<UserAccount> hasher)
{
    private const string Sql = "UPDATE users SET password_hash = @hash, security_stamp = @stamp WHERE id = @id RETURNING security_stamp";

    public async Task<Result<UserAccount>> HandleAsync(long userId, ChangePasswordForm form, CancellationToken ct)
    {
        var user = await signIn.CheckCurrentAsync(userId, form.CurrentPassword, ct);
        if (user is null)
        {
            return Result<UserAccount>.Fail(nameof(form.CurrentPassword), "The current password is not right.");
        }
        if (PasswordRules.Check(form.NewPassword, user.Email) is { } problem)
        {
            return Result<UserAccount>.Fail(nameof(form.NewPassword), problem);
        }
        await using var conn = await db.OpenAsync(ct);
        var stamp = await conn.ExecuteScalarAsync<string>(new CommandDefinition(Sql,
            new { id = userId, hash = hasher.HashPassword(user, form.NewPassword), stamp = EndSessions.NewStamp() }, cancellationToken: ct));
        return Result<UserAccount>.Success(new UserAccount
        {
            Id = user.Id, Email = user.Email, DisplayName = user.DisplayName, Role = user.Role, IsAdministrator = user.IsAdministrator,
            PasswordHash = "", PersonId = user.PersonId, SecurityStamp = stamp!,
        });
    }
}
