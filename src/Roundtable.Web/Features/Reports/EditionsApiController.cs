using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reports;

/// <summary>An edition as the API lists it: what it was built with, its warnings and leak hits, whether it is the published one.</summary>
public sealed class EditionSummary
{
    public int Number { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<EditionLeak> LeakHits { get; init; } = [];
    public bool IsPublished { get; init; }
    public DateTime? PublishAt { get; init; }
    public string? OverrideReason { get; init; }
    public long PdfBytes { get; init; }

    public static EditionSummary From(ListEditions.Row e) => new()
    {
        Number = e.Number, CreatedAt = e.CreatedAt, CreatedBy = e.CreatedByName, Warnings = e.WarningList, LeakHits = e.LeakList,
        IsPublished = e.IsPublished, PublishAt = e.IsPublished ? e.PublishAt : null, OverrideReason = e.OverrideReason, PdfBytes = e.PdfBytes,
    };
}

public sealed class PublishEditionForm
{
    /// <summary>Embargo: the edition is readable from this time on. Empty or past: now.</summary>
    public DateTimeOffset? PublishAt { get; set; }

    /// <summary>Needed when the edition has warnings (such as proceedings not yet approved); logged with the publication.</summary>
    [System.ComponentModel.DataAnnotations.StringLength(2000)]
    public string? OverrideReason { get; set; }
}

public sealed class EditionComparison
{
    public int From { get; init; }
    public int To { get; init; }

    /// <summary>The text of edition <see cref="To"/> against <see cref="From"/>, word by word: kind is "same", "added" or "removed".</summary>
    public IReadOnlyList<Part> Parts { get; init; } = [];

    public sealed record Part(string Kind, string Text);
}

/// <summary>
/// Editions of the report: organizers assemble and publish them, organizers and rapporteurs read them (as on the report
/// page). An edition never changes once assembled.
/// </summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/report/editions"), IgnoreAntiforgeryToken]
public sealed class EditionsApiController(ListEditions list, GetEdition get, AssembleEdition assemble, PublishEdition publish) : ControllerBase
{
    private const string EditionCsp = "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IEnumerable<EditionSummary>> Index(long roundtableId, CancellationToken ct) =>
        (await list.HandleAsync(roundtableId, ct)).Select(EditionSummary.From);

    /// <summary>
    /// Assembles a new edition from the current texts and proceedings: 201 with its number, warnings and leak hits (an
    /// edition with leak hits is kept, but cannot be published). 422 when the report cannot be assembled at all.
    /// </summary>
    [HttpPost(""), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<EditionSummary>(StatusCodes.Status201Created), ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Assemble(long roundtableId, CancellationToken ct)
    {
        var result = await assemble.HandleAsync(roundtableId, User.Id(), ct);
        if (!result.Ok)
        {
            var problem = Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The report cannot be assembled",
                detail: string.Join(" ", result.Errors.Select(e => e.Message)));
            ((ProblemDetails)problem.Value!).Extensions["problems"] = result.Errors.Select(e => e.Message).ToList();
            return problem;
        }
        var number = result.Value!.Number;
        var row = (await list.HandleAsync(roundtableId, ct)).Single(e => e.Number == number);
        return Created($"/api/roundtables/{roundtableId}/report/editions/{number}", EditionSummary.From(row));
    }

    [HttpGet("{number:int}"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<EditionSummary>> Get(long roundtableId, int number, CancellationToken ct) =>
        (await list.HandleAsync(roundtableId, ct)).FirstOrDefault(e => e.Number == number) is { } row ? EditionSummary.From(row) : NotFound();

    /// <summary>The edition's web page, as assembled (its own stylesheet, no script).</summary>
    [HttpGet("{number:int}/html"), RequireRoundtable(Access.Read), Produces("text/html")]
    public async Task<IActionResult> Html(long roundtableId, int number, CancellationToken ct)
    {
        if (await get.HandleAsync(roundtableId, number, ct) is not { } e)
        {
            return NotFound();
        }
        Response.Headers.ContentSecurityPolicy = EditionCsp;
        return Content(e.Html, "text/html; charset=utf-8");
    }

    [HttpGet("{number:int}/pdf"), RequireRoundtable(Access.Read), Produces("application/pdf")]
    public async Task<IActionResult> Pdf(long roundtableId, int number, CancellationToken ct) =>
        await get.HandleAsync(roundtableId, number, ct) is { Pdf: { } pdf } ? File(pdf, "application/pdf", $"report-{roundtableId}-edition-{number}.pdf") : NotFound();

    /// <summary>The edition as a Word document, made from its stored HTML (headings as Word headings, labels in bold).</summary>
    [HttpGet("{number:int}/docx"), RequireRoundtable(Access.Read), Produces(BuildEditionDocx.ContentType)]
    public async Task<IActionResult> Docx(long roundtableId, int number, [FromServices] BuildEditionDocx docx, CancellationToken ct) =>
        await docx.HandleAsync(roundtableId, number, ct) is { } bytes ? File(bytes, BuildEditionDocx.ContentType, $"report-{roundtableId}-edition-{number}.docx") : NotFound();

    /// <summary>What changed in the text from edition <paramref name="from"/> to edition <paramref name="to"/>.</summary>
    [HttpGet("compare"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<EditionComparison>> Compare(long roundtableId, [FromQuery] int from, [FromQuery] int to, CancellationToken ct)
    {
        var a = await get.HandleAsync(roundtableId, from, ct);
        var b = await get.HandleAsync(roundtableId, to, ct);
        if (a is null || b is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no edition {(a is null ? from : to)}.");
        }
        return new EditionComparison
        {
            From = from, To = to,
            Parts = WordDiff.Compare(a.TextContent, b.TextContent).Select(p => new EditionComparison.Part(p.Kind.ToString().ToLowerInvariant(), p.Text)).ToList(),
        };
    }

    /// <summary>
    /// Makes this edition the published one, now or from <c>publishAt</c>. 404 for an edition that does not exist; 409
    /// with the hits for one that names people who may not be named; 400 for warnings without a reason. Nothing is
    /// published when it is refused.
    /// </summary>
    [HttpPost("{number:int}/publish"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<EditionSummary>(StatusCodes.Status200OK), ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound),
     ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict), ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Publish(long roundtableId, int number, PublishEditionForm form, CancellationToken ct)
    {
        // Editions never change, so what is read here is what PublishEdition reads again.
        var edition = (await list.HandleAsync(roundtableId, ct)).FirstOrDefault(e => e.Number == number);
        if (edition is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no edition {number}.");
        }
        if (edition.LeakList.Count > 0)
        {
            var problem = Problem(statusCode: StatusCodes.Status409Conflict, title: "The edition names people who may not be named",
                detail: $"Edition {number} names people who may not be named ({edition.LeakList.Count} places). Fix the texts, assemble a new edition and publish that one.");
            ((ProblemDetails)problem.Value!).Extensions["leakHits"] = edition.LeakList;
            return problem;
        }
        var result = await publish.HandleAsync(roundtableId, number, form.PublishAt?.UtcDateTime, form.OverrideReason, User.Id(), ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return Ok(EditionSummary.From((await list.HandleAsync(roundtableId, ct)).Single(e => e.Number == number)));
    }
}
