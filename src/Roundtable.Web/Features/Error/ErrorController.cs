using Microsoft.AspNetCore.Diagnostics;

namespace Roundtable.Web.Features.Error;

public sealed class ErrorPage
{
    public int Status { get; init; }
    public string Title { get; init; } = "";
    public string Message { get; init; } = "";
}

// Error pages are re-executed with the failed request's method: a refused POST must get its 403/415 answer, not an antiforgery 400.
[AllowAnonymous, IgnoreAntiforgeryToken, ApiExplorerSettings(IgnoreApi = true), Route("error")]
public sealed class ErrorController : Controller
{
    [Route("")]
    public IActionResult Unhandled()
    {
        var original = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? "";
        // The status the exception handler chose for the exception (WebSetup): 500, or a request Kestrel could not read.
        return Answer(Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError, original);
    }

    // Read from the route, not bound: binding builds every value provider first, the form's too, and a refused POST's
    // body that cannot be read left the status unbound, 0, which went out as "HTTP/1.1 0".
    [Route("{status:int}")]
    public IActionResult Status()
    {
        var status = int.Parse((string)RouteData.Values["status"]!, System.Globalization.CultureInfo.InvariantCulture);
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? "";
        return Answer(status, original);
    }

    private IActionResult Answer(int status, string originalPath)
    {
        var (title, message) = status switch
        {
            400 => ("Bad request", "The request could not be understood."),
            401 => ("Sign in required", "Please sign in to continue."),
            403 => ("Not allowed", "Your account may not open or change this page. If you think it should, ask an organizer of the roundtable."),
            404 => ("Not found", "There is nothing at this address. It may have been removed, or the link may be mistyped."),
            413 => ("Request too large", "What was sent is too large for the server to accept. A CSV file may be at most 2 MB; for a longer text, split it or shorten it and send it again."),
            415 => ("Unsupported media type", "Send JSON with Content-Type: application/json."),
            429 => ("Too many attempts", "Too many sign-in attempts came from your address. Wait a minute, then try again."),
            >= 500 => ("Something went wrong", "The server could not finish this request. Nothing you entered has been half-saved; please try again."),
            _ => ("Request refused", "The request could not be completed."),
        };
        if (originalPath.StartsWith("/api", StringComparison.Ordinal))
        {
            return Problem(statusCode: status, title: title, detail: message);
        }
        Response.StatusCode = status;
        return View("Error", new ErrorPage { Status = status, Title = title, Message = message });
    }
}
