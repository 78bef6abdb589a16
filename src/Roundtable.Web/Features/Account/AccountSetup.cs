using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;

namespace Roundtable.Web.Features.Account;

public static class AccountSetup
{
    /// <summary>
    /// Accounts and signing in: the first-run code, password hashing, the sign-in rate limits, the sign-in cookie or a
    /// personal API token (<see cref="ApiTokenSetup.AddCookieOrBearer"/>), the fallback policy (signed in) and the roles'
    /// policies, and the bearer scheme in the OpenAPI document.
    /// </summary>
    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<FirstRunSetup>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        builder.AddSignInLimits();
        services.AddCookieOrBearer()
            .AddCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.Cookie.Name = "roundtable.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => AuthAnswers.LoginRequired(ctx);
                o.Events.OnRedirectToAccessDenied = ctx => AuthAnswers.Denied(ctx);
                o.Events.OnValidatePrincipal = CheckSession.ValidateAsync;
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Organizer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Organizer))
            .AddPolicy(Policies.Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer<BearerInOpenApi>());
    }
}
