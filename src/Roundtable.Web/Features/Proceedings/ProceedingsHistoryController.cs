namespace Roundtable.Web.Features.Proceedings;

/// <summary>Every saved revision of a presentation's proceedings: list, word diff, restore.</summary>
[Route("roundtables/{roundtableId:long}/proceedings/{presentationId:long}/history")]
public sealed class ProceedingsHistoryController(LoadWorkspace workspace, ListHistory history, RestoreRevision restore, Db db) : Controller
{
    private const int Shown = 500;

    [HttpGet(""), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Index(long roundtableId, long presentationId, CancellationToken ct)
    {
        var (revisions, events) = await history.HandleAsync(presentationId, Shown, ct);
        return View("History", new HistoryPage
        {
            Workspace = await workspace.HandleAsync(User, roundtableId, presentationId, Right, ct), Revisions = revisions, Events = events,
        });
    }

    [HttpGet("{revisionId:long}"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Revision(long roundtableId, long presentationId, long revisionId, CancellationToken ct)
    {
        var page = await PageAsync(roundtableId, presentationId, revisionId, ct);
        return page is null ? NotFound() : View("Revision", page);
    }

    [HttpPost("{revisionId:long}/restore"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Restore(long roundtableId, long presentationId, long revisionId, long currentRevision, CancellationToken ct)
    {
        var result = await restore.HandleAsync(presentationId, revisionId, currentRevision, User.Id(), ct);
        if (result.Outcome == WriteOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Ok)
        {
            TempData["Flash"] = "Earlier version restored as a new revision.";
            return Redirect($"/roundtables/{roundtableId}/proceedings/{presentationId}");
        }
        ModelState.AddErrors(result.Outcome == WriteOutcome.Stale
            ? [new FieldError("Revision", "It was changed again since you opened this page. Compare with the current version below and try again.")]
            : result.Errors);
        return View("Revision", (await PageAsync(roundtableId, presentationId, revisionId, ct))!);
    }

    private async Task<RevisionPage?> PageAsync(long roundtableId, long presentationId, long revisionId, CancellationToken ct)
    {
        var found = await history.OneAsync(presentationId, revisionId, ct);
        if (found is null)
        {
            return null;
        }
        var ws = await workspace.HandleAsync(User, roundtableId, presentationId, Right, ct);
        var (one, previous) = found.Value;
        long? currentRevision;
        string currentText;
        if (one.StatementId is null)
        {
            (currentRevision, currentText) = (ws.Presentation.SummaryRevision, ws.Presentation.Summary);
        }
        else
        {
            await using var conn = await db.OpenAsync(ct);
            var s = await StatementRecord.LoadAsync(conn, null, presentationId, one.StatementId.Value, ct);
            (currentRevision, currentText) = (s?.Revision, s?.Text ?? "");
        }
        return new RevisionPage { Workspace = ws, Revision = one, Previous = previous, CurrentRevision = currentRevision, CurrentText = currentText };
    }

    private ProceedingsRight Right => (ProceedingsRight)HttpContext.Items[typeof(ProceedingsRight)]!;
}
