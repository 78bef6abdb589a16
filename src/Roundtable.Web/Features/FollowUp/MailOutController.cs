using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.FollowUp;

public sealed class MailOutPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public MailOutForm Form { get; init; } = new();
    public MailOutPreflight.Result Check { get; init; } = new();
    public IReadOnlyList<ReportRecipients.Row> Recipients { get; init; } = [];
    public ILookup<long, int> Received { get; init; } = Array.Empty<(long, int)>().ToLookup(x => x.Item1, x => x.Item2);
    public IReadOnlyList<FollowUpRun> Runs { get; init; } = [];
}

public sealed class RunPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public RunProgress Progress { get; init; } = new();
}

/// <summary>"Publish and mail": the form that plans a mail-out, and the page that follows one as it runs.</summary>
[Route("roundtables/{roundtableId:long}/followup"), Authorize(Policy = Policies.Organizer)]
public sealed class MailOutController(
    GetRoundtable getRoundtable, GetFollowUpRun runs, MailOutPreflight preflight, ReportRecipients recipients, ListReportDeliveries deliveries,
    PlanMailOut plan, ChangeFollowUpRun change, GetRunProgress progress) : Controller
{
    public const int RecipientLimit = 2000;

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct)
    {
        var draft = (await runs.ListAsync(roundtableId, ct)).FirstOrDefault(r => r.Status == "draft");
        var form = new MailOutForm
        {
            RunId = draft?.Id,
            Edition = draft?.ChosenEditionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? MailOutForm.NewEdition,
            OverrideReason = draft?.OverrideReason,
            InviteFollowUp = draft is null || draft.FollowUpRoundtableId is not null,
        };
        return View("MailOut", await PageAsync(roundtableId, form, ct));
    }

    [HttpPost(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Plan(long roundtableId, [Bind(Prefix = "Form")] MailOutForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await plan.HandleAsync(roundtableId, form, User.Id(), ct);
            if (result.Ok)
            {
                var run = result.Value!;
                TempData["Flash"] = run.Status switch
                {
                    "running" => "The mail-out has started: this page follows it as it goes.",
                    "scheduled" => $"The mail-out is scheduled for {run.RunAt:d MMM yyyy HH:mm} UTC.",
                    _ => "Draft saved. Nothing is published or mailed until you start it.",
                };
                return run.Status == "draft" ? Redirect($"/roundtables/{roundtableId}/followup") : Redirect($"/roundtables/{roundtableId}/followup/runs/{run.Id}");
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = e.Field.Length == 0 ? "" : "Form." + e.Field }));
        }
        return View("MailOut", await PageAsync(roundtableId, form, ct));
    }

    [HttpGet("runs/{runId:long}"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Run(long roundtableId, long runId, CancellationToken ct) =>
        await progress.HandleAsync(roundtableId, runId, ct) is { } p
            ? View("Run", new RunPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Progress = p })
            : NotFound();

    [HttpPost("runs/{runId:long}/retry"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Retry(long roundtableId, long runId, string? overrideReason, CancellationToken ct)
    {
        TempData["Flash"] = await change.HandleAsync(roundtableId, runId, overrideReason, ct)
            ? "Trying again: the run carries on from the step it stopped at."
            : "Only a stopped run can be tried again.";
        return Redirect($"/roundtables/{roundtableId}/followup/runs/{runId}");
    }

    [HttpPost("runs/{runId:long}/cancel"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Cancel(long roundtableId, long runId, CancellationToken ct)
    {
        TempData["Flash"] = await change.CancelAsync(roundtableId, runId, ct)
            ? "The mail-out is cancelled."
            : "A running mail-out cannot be cancelled half-way; cancel its mailings on their pages instead.";
        return Redirect($"/roundtables/{roundtableId}/followup/runs/{runId}");
    }

    private async Task<MailOutPage> PageAsync(long roundtableId, MailOutForm form, CancellationToken ct) => new()
    {
        Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
        Form = form,
        Check = await preflight.HandleAsync(roundtableId, ct),
        Recipients = await recipients.AllAsync(roundtableId, form.RunId ?? 0, RecipientLimit, ct),
        Received = await deliveries.ReceivedAsync(roundtableId, ct),
        Runs = await runs.ListAsync(roundtableId, ct),
    };
}

/// <summary>The live state of a mail-out, polled by its page.</summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/followup/runs"), IgnoreAntiforgeryToken, Authorize(Policy = Policies.Organizer)]
public sealed class MailOutApiController(GetRunProgress progress) : ControllerBase
{
    [HttpGet("{runId:long}"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Get(long roundtableId, long runId, CancellationToken ct)
    {
        if (await progress.HandleAsync(roundtableId, runId, ct) is not { } p)
        {
            return NotFound();
        }
        static object? Mailing(RunProgress.Mailing? m) => m is null ? null : new
        {
            m.Progress.Id, m.Progress.Total, m.Progress.Queued, m.Progress.Sending, m.Progress.Sent, m.Progress.Retrying, m.Progress.Failed,
            m.Progress.Cancelled, m.Progress.Skipped, m.Progress.Done, m.Progress.Finished, m.Progress.State, m.Progress.Rate,
            Failures = m.Failures.Select(f => new { f.Reason, f.Count }),
        };
        return Ok(new
        {
            p.Run.Id, p.Run.Status, p.Run.Step, p.Run.Problem, p.Headline, p.EditionNumber, p.MailingsFinished,
            Steps = p.Steps.Count, Report = Mailing(p.Report), Invitations = Mailing(p.Invitations),
        });
    }
}
