namespace Roundtable.Web.Features.Inbox;

public sealed record DeclinePage(string Token, string? Name, DateTime? DeclinedAt, bool Valid);

/// <summary>
/// The link in every report mail that stops further report mail. GET shows a page with one button (opening a link never
/// changes anything: mail scanners open links); POST declines — from that button, or from a mail client's
/// "Unsubscribe" (RFC 8058 one-click: a POST without cookies, so the signed token, not antiforgery, authorizes it).
/// </summary>
[AllowAnonymous, Route("mail/decline/{token}"), ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DeclineController(ReportMailDecline links, DeclineReportMail decline) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string token, CancellationToken ct)
    {
        if (links.Read(token) is not { } personId || await decline.FindAsync(personId, ct) is not { } person)
        {
            return NotFoundPage(token);
        }
        return View("Decline", new DeclinePage(token, person.FullName, person.ReportMailDeclinedAt, true));
    }

    [HttpPost(""), IgnoreAntiforgeryToken]
    public async Task<IActionResult> Decline(string token, CancellationToken ct)
    {
        if (links.Read(token) is not { } personId || await decline.FindAsync(personId, ct) is null)
        {
            return NotFoundPage(token);
        }
        await decline.HandleAsync(personId, ct);
        var person = await decline.FindAsync(personId, ct);
        return View("Decline", new DeclinePage(token, person?.FullName, person?.ReportMailDeclinedAt, true));
    }

    private ViewResult NotFoundPage(string token)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Decline", new DeclinePage(token, null, null, false));
    }
}
