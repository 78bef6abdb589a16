using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Participants;

[ApiController, Route("api/roundtables/{roundtableId:long}/participants"), IgnoreAntiforgeryToken]
public sealed class ParticipantsApiController(ListParticipants list, AddParticipant add, UpdateParticipant update, RemoveParticipant remove, People.PeopleScope people) : ControllerBase
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IReadOnlyList<ListParticipants.Row>> Index(long roundtableId, string? role, CancellationToken ct) =>
        await list.HandleAsync(roundtableId, role, ct);

    [HttpPost(""), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ListParticipants.Row>> Add(long roundtableId, ParticipantForm form, CancellationToken ct)
    {
        // Only people the user may read in the directory (see PeopleScope); others look like unknown ids.
        if (form.PersonId is { } personId && await people.HandleAsync(User, personId, ct) is null or People.PersonRight.None)
        {
            ModelState.AddModelError(nameof(form.PersonId), "That person is not in the directory.");
            return ValidationProblem(ModelState);
        }
        var result = await add.HandleAsync(roundtableId, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        var row = (await list.HandleAsync(roundtableId, null, ct)).Single(p => p.Id == result.Value);
        return Created($"/api/roundtables/{roundtableId}/participants/{row.Id}", row);
    }

    [HttpPut("{id:long}"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ListParticipants.Row>> Update(long roundtableId, long id, ParticipantForm form, CancellationToken ct)
    {
        var result = await update.HandleAsync(roundtableId, id, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        if (!result.Value)
        {
            return NotFound();
        }
        return (await list.HandleAsync(roundtableId, null, ct)).Single(p => p.Id == id);
    }

    [HttpDelete("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Remove(long roundtableId, long id, CancellationToken ct)
    {
        var result = await remove.HandleAsync(roundtableId, id, ct);
        if (!result.Ok)
        {
            return Problem(statusCode: StatusCodes.Status409Conflict, title: "The participant spoke in the proceedings", detail: result.Errors[0].Message);
        }
        return result.Value ? NoContent() : NotFound();
    }
}
