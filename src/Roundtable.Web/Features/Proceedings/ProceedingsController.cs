using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>The rapporteurs' pages: the list, the workspace (internal beside published), live capture and the published preview.</summary>
[Route("roundtables/{roundtableId:long}/proceedings")]
public sealed class ProceedingsController(GetRoundtable getRoundtable, GetProceedings proceedings, LoadWorkspace workspace) : Controller
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct)
    {
        var access = (Access)HttpContext.Items[typeof(Access)]!;
        var all = await proceedings.ListAsync(roundtableId, ct);
        return View(new ProceedingsIndexPage
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Rows = all.Select(p => (p, LoadWorkspace.RightFor(User, access, p.Agenda))).ToList(),
        });
    }

    /// <summary>The proceedings as a reader of the report will see them: labels only, never real speakers.</summary>
    [HttpGet("preview"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Preview(long roundtableId, CancellationToken ct) => View(new ProceedingsPreviewPage
    {
        Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
        Presentations = (await proceedings.HandleAsync(roundtableId, ct)).Presentations,
    });

    [HttpGet("{presentationId:long}"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Workspace(long roundtableId, long presentationId, CancellationToken ct) =>
        View(await workspace.HandleAsync(User, roundtableId, presentationId, Right, ct));

    [HttpGet("{presentationId:long}/live"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Live(long roundtableId, long presentationId, CancellationToken ct) =>
        View(await workspace.HandleAsync(User, roundtableId, presentationId, Right, ct));

    /// <summary>The published view of one presentation as an HTML fragment, for the workspace to refresh after a save.</summary>
    [HttpGet("{presentationId:long}/published"), RequireProceedings(ProceedingsRight.Read)]
    public async Task<IActionResult> Published(long roundtableId, long presentationId, CancellationToken ct)
    {
        // Labels only: the speakers they name, not every participant.
        var p = (await proceedings.OneAsync(roundtableId, presentationId, ct, everySpeaker: false))!.Presentation;
        return PartialView("_Published", p);
    }

    private ProceedingsRight Right => (ProceedingsRight)HttpContext.Items[typeof(ProceedingsRight)]!;
}
