using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reports;

public sealed class ReportPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public ReportForm Form { get; init; } = new();
    /// <summary>Whom the foreword may be signed by: everyone, or on a roundtable of more than 100 those with a role beyond participant or observer (and the signer).</summary>
    public IReadOnlyList<ListParticipants.Row> Participants { get; init; } = [];

    /// <summary>How many attended, and from which organizations (each once).</summary>
    public long Attended { get; init; }
    public IReadOnlyList<string> Organizations { get; init; } = [];
    public IReadOnlyList<ListOpenQuestions.Row> Questions { get; init; } = [];
    public IReadOnlyList<ListEditions.Row> Editions { get; init; } = [];
    public IReadOnlyList<ListBiographies.Row> Biographies { get; init; } = [];

    /// <summary>The clock's time when the page was made (embargoes are shown against it).</summary>
    public DateTime Now { get; init; }
    public IReadOnlyList<CheckReportLeaks.Finding> Leaks { get; init; } = [];
    public bool CanManage { get; init; }
    public IReadOnlyList<string> AssemblyProblems { get; init; } = [];
}

/// <summary>The report editor: texts, open questions, and the editions assembled from them. Rapporteurs are the authors and edit the texts; organizers assemble and publish.</summary>
[Route("roundtables/{roundtableId:long}/report")]
public sealed class ReportsController(
    GetRoundtable getRoundtable, GetReport getReport, SaveReport save, ListParticipants participants, CountParticipants counts, ListOpenQuestions questions,
    AddOpenQuestion addQuestion, ChangeOpenQuestion changeQuestion, ListEditions editions, AssembleEdition assemble, PublishEdition publish,
    ListBiographies biographies, MoveBiography moveBiography, CheckReportLeaks leaks, OverrideReportLeak overrideLeak, TimeProvider clock) : Controller
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct) =>
        View(await PageAsync(roundtableId, null, [], ct));

    [HttpPost(""), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Save(long roundtableId, [Bind(Prefix = "Form")] ReportForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await save.HandleAsync(roundtableId, form, User.Id(), ct);
            if (result.Ok)
            {
                TempData["Flash"] = "Report texts saved.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View("Index", await PageAsync(roundtableId, form, [], ct));
    }

    [HttpPost("questions"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> AddQuestion(long roundtableId, OpenQuestionForm question, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            TempData["Flash"] = "Write the question before adding it.";
            return Redirect($"/roundtables/{roundtableId}/report#open-questions");
        }
        await addQuestion.HandleAsync(roundtableId, question, ct);
        return Redirect($"/roundtables/{roundtableId}/report#open-questions");
    }

    [HttpPost("questions/{id:long}"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> ChangeQuestion(long roundtableId, long id, string? action, OpenQuestionForm question, CancellationToken ct)
    {
        var found = action switch
        {
            "delete" => await changeQuestion.DeleteAsync(roundtableId, id, ct),
            "up" => await changeQuestion.MoveAsync(roundtableId, id, -1, ct),
            "down" => await changeQuestion.MoveAsync(roundtableId, id, 1, ct),
            _ when ModelState.IsValid => await changeQuestion.HandleAsync(roundtableId, id, question, ct),
            _ => true,
        };
        return found ? Redirect($"/roundtables/{roundtableId}/report#open-questions") : NotFound();
    }

    [HttpPost("biographies/{participationId:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> MoveBiography(long roundtableId, long participationId, string? action, CancellationToken ct) =>
        await moveBiography.HandleAsync(roundtableId, participationId, action == "up" ? -1 : 1, ct)
            ? Redirect($"/roundtables/{roundtableId}/report#biographies")
            : NotFound();

    /// <summary>A hit in the report's own texts that is not a leak ("Bill" is the legislation), with the reason; logged and kept.</summary>
    [HttpPost("leaks/override"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> OverrideLeak(long roundtableId, ReportLeakOverrideForm form, CancellationToken ct)
    {
        var result = await overrideLeak.HandleAsync(roundtableId, form, User.Id(), ct);
        TempData["Flash"] = result.Ok ? $"“{form.Term}” in {form.Place} is marked as not a leak." : result.Errors[0].Message;
        return Redirect($"/roundtables/{roundtableId}/report#leak-check");
    }

    [HttpPost("assemble"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Assemble(long roundtableId, CancellationToken ct)
    {
        var result = await assemble.HandleAsync(roundtableId, User.Id(), ct);
        if (!result.Ok)
        {
            return View("Index", await PageAsync(roundtableId, null, result.Errors.Select(e => e.Message).ToList(), ct));
        }
        var a = result.Value!;
        TempData["Flash"] = $"Edition {a.Number} assembled" + (a.Warnings.Count > 0 ? $" with {a.Warnings.Count} warnings" : "") +
            (a.LeakHits > 0 ? $"; it names people who may not be named in {a.LeakHits} places and cannot be published." : ".");
        return Redirect($"/roundtables/{roundtableId}/report#editions");
    }

    [HttpPost("editions/{number:int}/publish"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Publish(long roundtableId, int number, DateTime? publishAt, string? overrideReason, CancellationToken ct)
    {
        var result = await publish.HandleAsync(roundtableId, number, publishAt?.ToUniversalTime(), overrideReason, User.Id(), ct);
        TempData["Flash"] = result.Ok
            ? $"Edition {number} is the published edition" + (result.Value > clock.GetUtcNow().UtcDateTime.AddSeconds(5) ? $" from {result.Value:yyyy-MM-dd HH:mm} UTC." : ".")
            : result.Errors[0].Message;
        return Redirect($"/roundtables/{roundtableId}/report#editions");
    }

    /// <param name="typed">The texts as the user sent them when a save was refused; null shows the stored texts. The leak
    /// check reads the stored texts either way, as its overrides hold for those.</param>
    private async Task<ReportPage> PageAsync(long roundtableId, ReportForm? typed, IReadOnlyList<string> problems, CancellationToken ct)
    {
        var stored = await getReport.HandleAsync(roundtableId, ct);
        var form = typed ?? stored;
        var (signers, _) = await participants.PickerAsync(roundtableId, 100,
            form.ForewordSignerParticipationId is { } signer ? [signer] : [], ct);
        var (attended, organizations) = await counts.AttendanceAsync(roundtableId, ct);
        var questionList = await questions.HandleAsync(roundtableId, ct);
        return new()
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Form = form,
            Participants = signers,
            Attended = attended,
            Organizations = organizations,
            Questions = questionList,
            Editions = await editions.HandleAsync(roundtableId, ct),
            Biographies = await biographies.HandleAsync(roundtableId, ct),
            Now = clock.GetUtcNow().UtcDateTime,
            Leaks = await leaks.HandleAsync(roundtableId, stored, questionList, ct),
            CanManage = HttpContext.Items[typeof(Access)] is Access.Manage,
            AssemblyProblems = problems,
        };
    }
}
