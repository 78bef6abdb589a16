using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reconvene;

/// <summary>Reconvene through the API, with the page's checks: a follow-up needs a date from today on, and only people the organizer may read.</summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/reconvene"), IgnoreAntiforgeryToken, Authorize(Policy = Policies.Organizer)]
public sealed class ReconveneApiController(ReconveneRoundtable reconvene, People.PeopleScope people) : ControllerBase
{
    /// <summary>
    /// Creates the follow-up roundtable (<c>carryOver</c>: participation ids of this roundtable; <c>addPeople</c>: person
    /// ids; <c>newPeople</c>: "Name &lt;email&gt;" lines; <c>questions</c>: open question ids, each a draft presentation).
    /// 201 with the new roundtable's id; 400 with the reason for a date that has passed.
    /// </summary>
    [HttpPost(""), Consumes("application/json"), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<Reconvened>(StatusCodes.Status201Created), ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(long roundtableId, ReconveneForm form, CancellationToken ct)
    {
        foreach (var personId in form.AddPeople.Distinct())
        {
            if (await people.HandleAsync(User, personId, ct) is null or People.PersonRight.None)
            {
                ModelState.AddModelError(nameof(form.AddPeople), $"Person {personId} is not in the directory.");
            }
        }
        var typed = NewInviteeLines.Parse(form.NewPeople, nameof(ReconveneForm.NewPeople)).People.Where(p => p.Email is not null).Select(p => p.Email!);
        foreach (var email in await people.HiddenAsync(User, typed, ct))
        {
            ModelState.AddModelError(nameof(form.NewPeople), $"{email} is in the directory for a roundtable you do not organize; ask an administrator to add them.");
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        var result = await reconvene.HandleAsync(roundtableId, form, User.Id(), ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return Created($"/api/roundtables/{result.Value!.RoundtableId}", result.Value);
    }
}
