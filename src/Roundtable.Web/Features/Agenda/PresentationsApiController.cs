using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Agenda;

public sealed class AgendaOrder
{
    public List<long> Ids { get; set; } = [];
}

[ApiController, Route("api/roundtables/{roundtableId:long}/presentations"), IgnoreAntiforgeryToken]
public sealed class PresentationsApiController(
    ListPresentations list, CreatePresentation create, UpdatePresentation update, ReorderPresentations reorder, DeletePresentation delete) : ControllerBase
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IReadOnlyList<ListPresentations.Row>> Index(long roundtableId, CancellationToken ct) =>
        await list.HandleAsync(roundtableId, ct);

    [HttpPost(""), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ListPresentations.Row>> Create(long roundtableId, PresentationForm form, CancellationToken ct)
    {
        var result = await create.HandleAsync(roundtableId, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        var row = (await list.HandleAsync(roundtableId, ct)).Single(p => p.Id == result.Value);
        return Created($"/api/roundtables/{roundtableId}/presentations/{row.Id}", row);
    }

    [HttpPut("{id:long}"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ListPresentations.Row>> Update(long roundtableId, long id, PresentationForm form, CancellationToken ct)
    {
        var result = await update.HandleAsync(roundtableId, id, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return result.Value ? (await list.HandleAsync(roundtableId, ct)).Single(p => p.Id == id) : NotFound();
    }

    /// <summary>Sets the agenda order; labels follow from it.</summary>
    [HttpPut("order"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<IReadOnlyList<ListPresentations.Row>>> Reorder(long roundtableId, AgendaOrder order, CancellationToken ct)
    {
        var result = await reorder.HandleAsync(roundtableId, order.Ids, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return Ok(await list.HandleAsync(roundtableId, ct));
    }

    [HttpDelete("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Delete(long roundtableId, long id, CancellationToken ct) =>
        await delete.HandleAsync(roundtableId, id, ct) ? NoContent() : NotFound();
}
