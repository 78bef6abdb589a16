namespace Roundtable.Web.Features.Proceedings;

/// <summary>Leak check, lifecycle (edited, approved, reopened) and the log of what happened.</summary>
[Route("roundtables/{roundtableId:long}/proceedings/{presentationId:long}")]
public sealed class ProceedingsReviewController(
    LoadWorkspace workspace, CheckLeaks leaks, ListHistory history, ChangeStatus changeStatus, ApproveProceedings approve,
    ReopenProceedings reopen, OverrideLeak overrideLeak) : Controller
{
    private const string ReviewView = "Review";

    [HttpGet("review"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Review(long roundtableId, long presentationId, CancellationToken ct) =>
        View(ReviewView, await PageAsync(roundtableId, presentationId, ct));

    [HttpPost("status"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Status(long roundtableId, long presentationId, string status, CancellationToken ct)
    {
        var result = await changeStatus.HandleAsync(presentationId, status, User.Id(), ct);
        return await After(roundtableId, presentationId, result.Errors, result.Ok ? $"Marked as {ProceedingStatus.Label(status).ToLowerInvariant()}." : null, ct);
    }

    [HttpPost("approve"), Authorize(Policy = Policies.Organizer), RequireProceedings(ProceedingsRight.Manage)]
    public async Task<IActionResult> Approve(long roundtableId, long presentationId, long version, CancellationToken ct)
    {
        var result = await approve.HandleAsync(roundtableId, presentationId, version, User.Id(), ct);
        var errors = result.Outcome == WriteOutcome.Stale
            ? [new FieldError("Version", "The proceedings changed while you were reviewing them. Look over the current text and approve again.")]
            : result.Errors;
        return await After(roundtableId, presentationId, errors, result.Ok ? "Approved. The text is locked until an organizer reopens it." : null, ct);
    }

    [HttpPost("reopen"), Authorize(Policy = Policies.Organizer), RequireProceedings(ProceedingsRight.Manage)]
    public async Task<IActionResult> Reopen(long roundtableId, long presentationId, string? reason, CancellationToken ct)
    {
        var result = await reopen.HandleAsync(presentationId, reason, User.Id(), ct);
        return await After(roundtableId, presentationId, result.Errors, result.Ok ? "Reopened for changes; the reason is in the log." : null, ct);
    }

    [HttpPost("leaks/override"), Authorize(Policy = Policies.Organizer), RequireProceedings(ProceedingsRight.Manage)]
    public async Task<IActionResult> Override(long roundtableId, long presentationId, LeakOverrideForm form, CancellationToken ct)
    {
        var result = await overrideLeak.HandleAsync(roundtableId, presentationId, form, User.Id(), ct);
        return await After(roundtableId, presentationId, result.Errors, result.Ok ? $"“{form.Term}” marked as not a leak; the reason is logged." : null, ct);
    }

    private async Task<IActionResult> After(long roundtableId, long presentationId, IReadOnlyList<FieldError> errors, string? flash, CancellationToken ct)
    {
        if (flash is not null)
        {
            TempData["Flash"] = flash;
            return Redirect($"/roundtables/{roundtableId}/proceedings/{presentationId}/review");
        }
        ModelState.AddErrors(errors);
        return View(ReviewView, await PageAsync(roundtableId, presentationId, ct));
    }

    private async Task<ReviewPage> PageAsync(long roundtableId, long presentationId, CancellationToken ct)
    {
        var right = (ProceedingsRight)HttpContext.Items[typeof(ProceedingsRight)]!;
        return new ReviewPage
        {
            Workspace = await workspace.HandleAsync(User, roundtableId, presentationId, right, ct),
            Findings = await leaks.HandleAsync(roundtableId, presentationId, ct),
            Events = (await history.HandleAsync(presentationId, 0, ct)).Events,
        };
    }
}
