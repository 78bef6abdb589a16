using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

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
