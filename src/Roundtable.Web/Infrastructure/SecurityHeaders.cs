namespace Roundtable.Web.Infrastructure;

/// <summary>
/// No inline script runs anywhere (scripts come from /js files), so a payload that slips into a page still does nothing.
/// Referrer-Policy keeps signed links in URLs from leaking to other sites.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "SAMEORIGIN";
        if (!context.Request.Path.StartsWithSegments("/hangfire"))
        {
            headers.ContentSecurityPolicy = Csp;
        }
        return next(context);
    }
}
