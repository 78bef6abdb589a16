using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reports;

public sealed class OpenQuestionOrder
{
    public List<long> Ids { get; set; } = [];
}

/// <summary>
/// The report's texts, headings and open questions, as the report page edits them: the roundtable's rapporteurs (its
/// authors) and organizers may read and change them.
/// </summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/report"), IgnoreAntiforgeryToken]
public sealed class ReportApiController(
    GetReport getReport, SaveReport save, ListOpenQuestions questions, AddOpenQuestion addQuestion, ChangeOpenQuestion changeQuestion,
    ReorderOpenQuestions reorder) : ControllerBase
{
    /// <summary>The report texts with their headings (the defaults until saved).</summary>
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<ReportForm> Get(long roundtableId, CancellationToken ct) => await getReport.HandleAsync(roundtableId, ct);

    /// <summary>Replaces the report texts and headings; what was read from GET can be put back as it is.</summary>
    [HttpPut(""), Consumes("application/json"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<ReportForm>> Put(long roundtableId, ReportForm form, CancellationToken ct)
    {
        var result = await save.HandleAsync(roundtableId, form, User.Id(), ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return await getReport.HandleAsync(roundtableId, ct);
    }

    [HttpGet("headings"), RequireRoundtable(Access.Read)]
    public async Task<ReportHeadings> GetHeadings(long roundtableId, CancellationToken ct) => (await getReport.HandleAsync(roundtableId, ct)).Headings;

    /// <summary>Changes the part headings only; the texts stay as they are.</summary>
    [HttpPut("headings"), Consumes("application/json"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<ReportHeadings>> PutHeadings(long roundtableId, ReportHeadings headings, CancellationToken ct)
    {
        var form = await getReport.HandleAsync(roundtableId, ct);
        form.Headings = headings;
        var result = await save.HandleAsync(roundtableId, form, User.Id(), ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return (await getReport.HandleAsync(roundtableId, ct)).Headings;
    }

    [HttpGet("questions"), RequireRoundtable(Access.Read)]
    public async Task<IReadOnlyList<ListOpenQuestions.Row>> Questions(long roundtableId, CancellationToken ct) =>
        await questions.HandleAsync(roundtableId, ct);

    /// <summary>Adds an open question at the end.</summary>
    [HttpPost("questions"), Consumes("application/json"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<ListOpenQuestions.Row>> AddQuestion(long roundtableId, OpenQuestionForm form, CancellationToken ct)
    {
        var id = await addQuestion.HandleAsync(roundtableId, form, ct);
        var row = (await questions.HandleAsync(roundtableId, ct)).Single(q => q.Id == id);
        return Created($"/api/roundtables/{roundtableId}/report/questions/{id}", row);
    }

    [HttpGet("questions/{id:long}"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<ListOpenQuestions.Row>> Question(long roundtableId, long id, CancellationToken ct) =>
        (await questions.HandleAsync(roundtableId, ct)).FirstOrDefault(q => q.Id == id) is { } row ? row : NotFound();

    [HttpPut("questions/{id:long}"), Consumes("application/json"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<ListOpenQuestions.Row>> ChangeQuestion(long roundtableId, long id, OpenQuestionForm form, CancellationToken ct) =>
        await changeQuestion.HandleAsync(roundtableId, id, form, ct)
            ? (await questions.HandleAsync(roundtableId, ct)).Single(q => q.Id == id)
            : NotFound();

    [HttpDelete("questions/{id:long}"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> DeleteQuestion(long roundtableId, long id, CancellationToken ct) =>
        await changeQuestion.DeleteAsync(roundtableId, id, ct) ? NoContent() : NotFound();

    /// <summary>Sets the order of the open questions (every id once); they print, and become a follow-up's agenda, in this order.</summary>
    [HttpPut("questions/order"), Consumes("application/json"), RequireRoundtable(Access.Read)]
    public async Task<ActionResult<IReadOnlyList<ListOpenQuestions.Row>>> Reorder(long roundtableId, OpenQuestionOrder order, CancellationToken ct)
    {
        var result = await reorder.HandleAsync(roundtableId, order.Ids, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return Ok(await questions.HandleAsync(roundtableId, ct));
    }
}
