using Microsoft.AspNetCore.Identity;

namespace Roundtable.Web.Features.Account;

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
