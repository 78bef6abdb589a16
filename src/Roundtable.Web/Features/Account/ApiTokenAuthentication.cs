using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Roundtable.Web.Features.Account;

/// <summary>
/// "Authorization: Bearer &lt;token&gt;" on the JSON API and the OpenAPI document. The token is looked up by its hash and
/// gives the principal of its owner's account as it is now (role, administrator flag, person link): a demoted owner's
/// token loses the rights at once. A revoked, expired or unknown token is answered 401 with problem details.
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Db db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The default scheme: the bearer token where a request to the API carries one, else the sign-in cookie.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    public const string TokenIdClaim = "api_token_id";

    // The token and its owner's account as it is now, in one read (a token goes with its account: ON DELETE CASCADE).
    // The token's columns are renamed in a subquery, so the account's are named as every read of an account names them.
    private const string TokenSql = "SELECT t.token_id, t.expires_at, t.revoked_at, t.last_used_at, " + SignIn.Columns + "\n" + """
        FROM (SELECT id AS token_id, user_id, expires_at, revoked_at, last_used_at FROM api_tokens WHERE token_hash = @hash) t
        JOIN users ON users.id = t.user_id
        """;

    // Written at most once a minute per token, so a busy script does not turn every read into a write.
    private const string UsedSql = "UPDATE api_tokens SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @before)";

    private sealed class TokenRow
    {
        public long TokenId { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? RevokedAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
    }

    /// <summary>Only the API and its description take tokens; pages (and their forms) keep to the cookie.</summary>
    public static bool Carries(HttpContext context) =>
        (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
        && context.Request.Headers.Authorization.ToString().StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header[(SchemeName.Length + 1)..].Trim();
        if (token.Length is 0 or > 200)
        {
            return Refuse("The bearer token is missing or malformed.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var ct = Context.RequestAborted;
        await using var conn = await db.OpenAsync(ct);
        var (row, user) = (await conn.QueryAsync<TokenRow, UserAccount, (TokenRow, UserAccount)>(
            new CommandDefinition(TokenSql, new { hash = CreateApiToken.Hash(token) }, cancellationToken: ct), (t, u) => (t, u), splitOn: "id"))
            .SingleOrDefault();
        if (row is null)
        {
            return Refuse("The bearer token is not known.");
        }
        if (row.RevokedAt is not null)
        {
            return Refuse("The bearer token was revoked.");
        }
        if (row.ExpiresAt is { } expires && expires <= now)
        {
            return Refuse("The bearer token has expired.");
        }
        // The row just read says whether a minute has passed: an UPDATE that changes nothing still takes SQLite's write
        // lock, and a script's every request would queue behind the writers for it.
        if (row.LastUsedAt is not { } lastUsed || lastUsed < now.AddMinutes(-1))
        {
            await conn.ExecuteAsync(new CommandDefinition(UsedSql, new { id = row.TokenId, now, before = now.AddMinutes(-1) }, cancellationToken: ct));
        }
        var claims = SignIn.ToPrincipal(user).Claims.Append(new Claim(TokenIdClaim, row.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private AuthenticateResult Refuse(string why)
    {
        Context.Items[typeof(ApiTokenAuthentication)] = why;
        return AuthenticateResult.Fail(why);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var why = Context.Items[typeof(ApiTokenAuthentication)] as string ?? "Send a valid API token as \"Authorization: Bearer <token>\".";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in required", detail: why).ExecuteAsync(Context);
    }
}

public static class ApiTokenSetup
{
    /// <summary>
    /// The sign-in cookie and the bearer token side by side, behind one default scheme that picks the token when a
    /// request to the API carries one (<see cref="ApiTokenAuthentication.Carries"/>) and the cookie otherwise.
    /// </summary>
    public static AuthenticationBuilder AddCookieOrBearer(this IServiceCollection services) =>
        services.AddAuthentication(ApiTokenAuthentication.CookieOrBearer)
            .AddPolicyScheme(ApiTokenAuthentication.CookieOrBearer, "Cookie or API token", o =>
                o.ForwardDefaultSelector = c => ApiTokenAuthentication.Carries(c) ? ApiTokenAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
}

/// <summary>The OpenAPI document says how to call the API: a bearer token (or the sign-in cookie, which a script rarely has).</summary>
public sealed class BearerInOpenApi : Microsoft.AspNetCore.OpenApi.IOpenApiDocumentTransformer
{
    public Task TransformAsync(Microsoft.OpenApi.OpenApiDocument document, Microsoft.AspNetCore.OpenApi.OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiTokenAuthentication.SchemeName] = new Microsoft.OpenApi.OpenApiSecurityScheme
        {
            Type = Microsoft.OpenApi.SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal API token, created on the account's API tokens page (/account/tokens). It acts with the rights its owner has at the time.",
        };
        document.Security ??= [];
        document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement
        {
            [new Microsoft.OpenApi.OpenApiSecuritySchemeReference(ApiTokenAuthentication.SchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
