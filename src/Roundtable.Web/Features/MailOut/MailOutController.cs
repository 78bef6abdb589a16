using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

public sealed class MailOutPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public MailOutForm Form { get; init; } = new();
    public MailOutPreflight.Result Check { get; init; } = new();
    public IReadOnlyList<ReportRecipients.Row> Recipients { get; init; } = [];
    public ILookup<long, int> Received { get; init; } = Array.Empty<(long, int)>().ToLookup(x => x.Item1, x => x.Item2);
    public IReadOnlyList<MailOutRun> Runs { get; init; } = [];
}

public sealed class RunPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public RunProgress Progress { get; init; } = new();
}

/// <summary>The mail-out: the form that plans one, and the page that follows one as it runs.</summary>
[Route("roundtables/{roundtableId:long}/followup"), Authorize(Policy = Policies.Organizer)]
public sealed class MailOutController(
    GetRoundtable getRoundtable, GetMailOutRun runs, MailOutPreflight preflight, ReportRecipients recipients, ListReportDeliveries deliveries,
    PlanMailOut plan, ChangeMailOutRun change, GetRunProgress progress) : Controller
{
    public const int RecipientLimit = 2000;

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct)
    {
        var draft = (await runs.ListAsync(roundtableId, ct)).FirstOrDefault(r => r.Status == "draft");
        var check = await preflight.HandleAsync(roundtableId, ct);
        // A demo or a draft never answers for the organizer: the reason to publish despite warnings is typed by them, here.
        var form = new MailOutForm
        {
            RunId = draft?.Id,
            Edition = (check.Editions.FirstOrDefault(e => e.Id == draft?.ChosenEditionId) ?? check.Editions.FirstOrDefault(e => e.Mailable) ?? check.Newest)?.Number,
            OverrideReason = draft?.OverrideReason,
            InviteFollowUp = draft is null || draft.FollowUpRoundtableId is not null,
        };
        return View("MailOut", await PageAsync(roundtableId, form, ct, check));
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
            ? "Trying again: the mail-out carries on from the step it stopped at."
            : "Only a stopped mail-out can be tried again.";
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

    private async Task<MailOutPage> PageAsync(long roundtableId, MailOutForm form, CancellationToken ct, MailOutPreflight.Result? check = null)
    {
        var people = await recipients.AllAsync(roundtableId, form.RunId ?? 0, RecipientLimit, ct);
        // A form shown again with its errors keeps the boxes the organizer ticked and unticked.
        var listed = form.Listed.ToHashSet();
        var included = form.Include.ToHashSet();
        foreach (var p in people.Where(p => listed.Contains(p.ParticipationId)))
        {
            p.Included = included.Contains(p.ParticipationId);
        }
        return new()
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Form = form,
            Check = check ?? await preflight.HandleAsync(roundtableId, ct),
            Recipients = people,
            Received = await deliveries.ReceivedAsync(roundtableId, ct),
            Runs = await runs.ListAsync(roundtableId, ct),
        };
    }
}

/// <summary>The mail-out for scripts: start one with an edition number, read it (also what its page polls), list, cancel.</summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/followup/runs"), IgnoreAntiforgeryToken, Authorize(Policy = Policies.Organizer)]
public sealed class MailOutApiController(
    GetRunProgress progress, GetMailOutRun runs, PlanMailOut plan, ChangeMailOutRun change, ReportRecipients recipients, GetRoundtable getRoundtable) : ControllerBase
{
    /// <summary>
    /// Starts a mail-out of an edition already assembled (or schedules it with <c>runAt</c>, UTC): 201 with the run.
    /// Naming the edition number is the confirmation; the run mails exactly that edition. Refused with problem details:
    /// an edition that does not exist, names people who may not be named, or has warnings and no reason; a follow-up
    /// whose date has passed; no recipients; another mail-out running (409).
    /// </summary>
    [HttpPost(""), Consumes("application/json"), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<MailOutRunDto>(StatusCodes.Status201Created), ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Start(long roundtableId, StartMailOutRequest request, CancellationToken ct)
    {
        var rt = (await getRoundtable.HandleAsync(roundtableId, ct))!;
        var form = new MailOutForm
        {
            Action = request.RunAt is null ? "start" : "schedule",
            Edition = request.Edition,
            ConfirmEdition = request.Edition,
            OverrideReason = request.OverrideReason,
            InviteFollowUp = request.InviteFollowUp,
            RunAt = request.RunAt is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(rt.TimeZone)) : null,
        };
        if (request.Recipients is { } chosen)
        {
            var everyone = (await recipients.AllAsync(roundtableId, 0, int.MaxValue, ct)).Select(r => r.ParticipationId).ToList();
            var strangers = chosen.Except(everyone).ToList();
            if (strangers.Count > 0)
            {
                ModelState.AddModelError("recipients", $"Not participations of this roundtable: {string.Join(", ", strangers.Take(10))}{(strangers.Count > 10 ? " …" : "")}.");
                return ValidationProblem(ModelState);
            }
            form.Listed = everyone;
            form.Include = chosen.Distinct().ToList();
        }
        if (request.Edition is null)
        {
            ModelState.AddModelError("edition", "Give the number of the assembled edition to mail (GET /api/roundtables/{id}/report/editions lists them).");
        }
        var result = await plan.HandleAsync(roundtableId, form, User.Id(), ct);
        if (!result.Ok)
        {
            if (result.Errors.FirstOrDefault(e => e.Field.Length == 0 && e.Message.Contains("running or scheduled", StringComparison.Ordinal)) is { } busy)
            {
                return Problem(statusCode: StatusCodes.Status409Conflict, title: "Another mail-out is running or scheduled", detail: busy.Message);
            }
            foreach (var e in result.Errors.Where(e => !(e.Field == nameof(MailOutForm.Edition) && request.Edition is null)))
            {
                ModelState.AddModelError(Json(e.Field), e.Message);
            }
            return ValidationProblem(detail: string.Join(" ", result.Errors.Select(e => e.Message)), modelStateDictionary: ModelState);
        }
        var p = (await progress.HandleAsync(roundtableId, result.Value!.Id, ct))!;
        return CreatedAtAction(nameof(Get), new { roundtableId, runId = p.Run.Id }, MailOutRunDto.From(p));
    }

    /// <summary>The roundtable's mail-outs, newest first (up to 50).</summary>
    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IReadOnlyList<MailOutRunDto>> List(long roundtableId, CancellationToken ct)
    {
        var list = new List<MailOutRunDto>();
        foreach (var run in await runs.ListAsync(roundtableId, ct))
        {
            if (await progress.HandleAsync(roundtableId, run.Id, ct) is { } p)
            {
                list.Add(MailOutRunDto.From(p));
            }
        }
        return list;
    }

    /// <summary>One mail-out: its state ("done" only once both mailings are finished), steps, edition and both mailings' counts, read together.</summary>
    [HttpGet("{runId:long}"), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<MailOutRunDto>(StatusCodes.Status200OK), ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(long roundtableId, long runId, CancellationToken ct) =>
        await progress.HandleAsync(roundtableId, runId, ct) is { } p ? Ok(MailOutRunDto.From(p)) : NotFound();

    /// <summary>Cancels a draft, scheduled or stopped mail-out (409 for one running or finished: cancel its mailings instead).</summary>
    [HttpPost("{runId:long}/cancel"), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<MailOutRunDto>(StatusCodes.Status200OK), ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound), ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Cancel(long roundtableId, long runId, CancellationToken ct)
    {
        if (await progress.HandleAsync(roundtableId, runId, ct) is not { } before)
        {
            return NotFound();
        }
        if (!await change.CancelAsync(roundtableId, runId, ct))
        {
            return Problem(statusCode: StatusCodes.Status409Conflict, title: "This mail-out cannot be cancelled",
                detail: $"The mail-out is {before.State}: only a draft, scheduled or stopped one can be cancelled. Cancel what its mailings still have queued on their pages or through the mailings API.");
        }
        return Ok(MailOutRunDto.From((await progress.HandleAsync(roundtableId, runId, ct))!));
    }

    private static string Json(string field) => field.Length == 0 ? "" : field switch
    {
        nameof(MailOutForm.Include) => "recipients",
        nameof(MailOutForm.ConfirmEdition) => "edition",
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };
}
