using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Roundtable.Web.Infrastructure;

/// <summary>Pages redirect to the login page; the API answers 401/403 with problem details instead.</summary>
public static class AuthAnswers
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static Task LoginRequired(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        if (IsApi(ctx.Request))
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A 403 (not a redirect), so status code pages show a clear "not allowed" page.</summary>
    public static Task Denied(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
