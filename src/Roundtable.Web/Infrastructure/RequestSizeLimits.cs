using Microsoft.AspNetCore.Http.Features;

namespace Roundtable.Web.Infrastructure;

/// <summary>The "Limits" section.</summary>
public sealed class LimitSettings
{
    public const string Section = "Limits";

    /// <summary>
    /// The largest request body the app accepts (an action may allow less: the CSV upload takes 2 MB). A form's
    /// single value may be as long, so that the body's limit is the one that answers.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;
}

/// <summary>
/// A request body over its limit (<see cref="LimitSettings.MaxRequestBodyBytes"/>, or an action's [RequestSizeLimit])
/// is answered 413 and logged: the status code page says so on a page, or as problem details under /api. A body that
/// announces its length is refused before it is read; one that does not is refused when reading it passes the limit.
/// Runs after routing, which applies an endpoint's own limit.
/// </summary>
public sealed class RequestSizeLimits(RequestDelegate next, ILogger<RequestSizeLimits> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        // The error page re-executed for a refused request comes through here again, with the same headers.
        var errorPage = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        if (context.Request.ContentLength is { } length && length > limit && !errorPage)
        {
            Refuse(context, limit, $"It announced {length} bytes.");
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            Refuse(context, limit, e.Message);
        }
    }

    private void Refuse(HttpContext context, long? limit, string reason)
    {
        log.LogWarning("Refused {Method} {Path} with 413: the request body is over the limit of {Limit} bytes. {Reason}",
            context.Request.Method, context.Request.Path, limit, reason);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The body is not read: the connection cannot carry another request.
        context.Response.Headers.Connection = "close";
    }
}
