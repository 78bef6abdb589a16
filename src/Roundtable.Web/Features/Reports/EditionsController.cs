using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reports;

public sealed class ComparePage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public int From { get; init; }
    public int To { get; init; }
    public IReadOnlyList<DiffPart> Parts { get; init; } = [];
}

/// <summary>Reading editions: organizers and rapporteurs read any edition; a participant reads the published one through a signed link.</summary>
public sealed class EditionsController(
    GetRoundtable getRoundtable, GetEdition get, BuildEditionDocx docx, ReportLinks links, Invitations.ListInvitees invitees, RoundtableAccess access,
    TimeProvider clock) : Controller
{
    // The edition carries its own stylesheet (so it looks the same forever) and no script at all; its fonts come from this site.
    private const string EditionCsp = "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

    [HttpGet("roundtables/{roundtableId:long}/report/editions/{number:int}"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Show(long roundtableId, int number, CancellationToken ct)
    {
        if (await get.HeaderAsync(roundtableId, number, ct) is not { } e)
        {
            return NotFound();
        }
        var edition = $"/roundtables/{roundtableId}/report/editions/{number}";
        return Reader(ReaderPage.From(get.Database, e.Id, e.CreatedAt, () => get.Html(e.Id), edition + "/pdf", edition + "/docx", $"/roundtables/{roundtableId}/report"));
    }

    [HttpGet("roundtables/{roundtableId:long}/report/editions/{number:int}/pdf"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Pdf(long roundtableId, int number, CancellationToken ct) =>
        await get.HandleAsync(roundtableId, number, ct) is { Pdf: { } pdf } ? File(pdf, "application/pdf", $"report-{roundtableId}-edition-{number}.pdf") : NotFound();

    [HttpGet("roundtables/{roundtableId:long}/report/editions/{number:int}/docx"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Docx(long roundtableId, int number, CancellationToken ct) =>
        await docx.HandleAsync(roundtableId, number, ct) is { } bytes
            ? File(bytes, BuildEditionDocx.ContentType, $"report-{roundtableId}-edition-{number}.docx") : NotFound();

    [HttpGet("roundtables/{roundtableId:long}/report/compare"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Compare(long roundtableId, int from, int to, CancellationToken ct)
    {
        var a = await get.HandleAsync(roundtableId, from, ct);
        var b = await get.HandleAsync(roundtableId, to, ct);
        if (a is null || b is null)
        {
            return NotFound();
        }
        return View("Compare", new ComparePage
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, From = from, To = to, Parts = WordDiff.Compare(a.TextContent, b.TextContent),
        });
    }

    /// <summary>The stable address of the published report: for the roundtable's organizers and rapporteurs, or anyone holding a signed link.</summary>
    /// <remarks>Never stored by a browser or proxy: the page is personal and its link may be revoked.</remarks>
    [AllowAnonymous, HttpGet("reports/{roundtableId:long}"), ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> Published(long roundtableId, string? key, CancellationToken ct)
    {
        if (await AllowedAsync(roundtableId, key, ct) is { } refusal)
        {
            return refusal;
        }
        var e = await get.PublishedHeaderAsync(roundtableId, clock.GetUtcNow().UtcDateTime, ct);
        if (e is null)
        {
            return NotPublished();
        }
        // The PDF link carries the reader's own key; a signed-in reader needs none.
        var pdf = $"/reports/{roundtableId}/pdf" + (key is null ? "" : "?key=" + Uri.EscapeDataString(key));
        return Reader(ReaderPage.From(get.Database, e.Id, e.CreatedAt, () => get.Html(e.Id), pdf));
    }

    [AllowAnonymous, HttpGet("reports/{roundtableId:long}/pdf"), ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> PublishedPdf(long roundtableId, string? key, CancellationToken ct)
    {
        if (await AllowedAsync(roundtableId, key, ct) is { } refusal)
        {
            return refusal;
        }
        var e = await get.PublishedAsync(roundtableId, clock.GetUtcNow().UtcDateTime, ct);
        return e is { Pdf: { } pdf } ? File(pdf, "application/pdf", $"report-{roundtableId}.pdf") : NotPublished();
    }

    private async Task<IActionResult?> AllowedAsync(long roundtableId, string? key, CancellationToken ct)
    {
        // A link is good while its participation is: removing the participant revokes it.
        if (links.Read(roundtableId, key) is { } participationId
            && await invitees.OneAsync(participationId, ct) is { } holder && holder.RoundtableId == roundtableId)
        {
            return null;
        }
        if (User.Identity?.IsAuthenticated == true)
        {
            var granted = await access.HandleAsync(User, roundtableId, ct);
            return granted is null ? NotFound() : granted >= Access.Read ? null : Forbid();
        }
        if (key is not null)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return View("LinkRefused");
        }
        return Challenge();
    }

    private ViewResult NotPublished()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("NotPublished");
    }

    private ViewResult Reader(ReaderPage page)
    {
        Response.Headers.ContentSecurityPolicy = EditionCsp;
        return View("Reader", page);
    }
}
