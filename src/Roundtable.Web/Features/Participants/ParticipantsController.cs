using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Participants;

public sealed class ParticipantsPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public string? Role { get; init; }
    public IReadOnlyList<ListParticipants.Row> Rows { get; init; } = [];
    public IReadOnlyList<ListAddablePeople.Row> Addable { get; init; } = [];
    public ParticipantForm Form { get; init; } = new();
    public bool CanManage { get; init; }
}

public sealed class ParticipantEditPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public ListParticipants.Row Participant { get; init; } = new();
    public ParticipantForm Form { get; init; } = new();
}

[Route("roundtables/{roundtableId:long}/participants")]
public sealed class ParticipantsController(
    GetRoundtable getRoundtable, ListParticipants list, ListAddablePeople addable,
    AddParticipant add, UpdateParticipant update, RemoveParticipant remove, People.PeopleScope people) : Controller
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Index(long roundtableId, string? role, CancellationToken ct) =>
        View(await PageAsync(roundtableId, role, new ParticipantForm { Roles = ["participant"] }, ct));

    [HttpPost(""), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Add(long roundtableId, [Bind(Prefix = "Form")] ParticipantForm form, CancellationToken ct)
    {
        if (form.PersonId is { } personId && await people.HandleAsync(User, personId, ct) is null or People.PersonRight.None)
        {
            ModelState.AddModelError("Form.PersonId", "Choose a person from the list.");
        }
        if (ModelState.IsValid)
        {
            var result = await add.HandleAsync(roundtableId, form, ct);
            if (result.Ok)
            {
                TempData["Flash"] = "Participant added.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View("Index", await PageAsync(roundtableId, null, form, ct));
    }

    [HttpGet("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, long id, CancellationToken ct)
    {
        var participant = (await list.HandleAsync(roundtableId, null, ct)).FirstOrDefault(p => p.Id == id);
        if (participant is null)
        {
            return NotFound();
        }
        var form = new ParticipantForm
        {
            PersonId = participant.PersonId, Roles = participant.Roles.ToList(), MayBeNamed = participant.MayBeNamed,
            BiographyInReport = participant.BiographyInReport, AudiencePhrase = participant.AudiencePhrase, Attended = participant.Attended,
            InvitationStatus = participant.InvitationStatus,
        };
        // Named, since a refused removal shows this page too.
        return View(nameof(Edit), new ParticipantEditPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Participant = participant, Form = form });
    }

    [HttpPost("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, long id, [Bind(Prefix = "Form")] ParticipantForm form, CancellationToken ct)
    {
        var participant = (await list.HandleAsync(roundtableId, null, ct)).FirstOrDefault(p => p.Id == id);
        if (participant is null)
        {
            return NotFound();
        }
        form.PersonId = participant.PersonId;
        ModelState.Remove("Form.PersonId");
        if (!ModelState.IsValid)
        {
            return View(new ParticipantEditPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Participant = participant, Form = form });
        }
        var result = await update.HandleAsync(roundtableId, id, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
            return View(new ParticipantEditPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Participant = participant, Form = form });
        }
        TempData["Flash"] = $"{participant.FullName} saved.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    [HttpPost("{id:long}/remove"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Remove(long roundtableId, long id, CancellationToken ct)
    {
        var result = await remove.HandleAsync(roundtableId, id, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return await Edit(roundtableId, id, ct);
        }
        if (!result.Value)
        {
            return NotFound();
        }
        TempData["Flash"] = "Participant removed.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    private async Task<ParticipantsPage> PageAsync(long roundtableId, string? role, ParticipantForm form, CancellationToken ct)
    {
        var canManage = HttpContext.Items[typeof(Access)] is Access.Manage;
        return new ParticipantsPage
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Role = role,
            Rows = await list.HandleAsync(roundtableId, ParticipationRoles.IsKnown(role ?? "") ? role : null, ct),
            Addable = canManage ? await addable.HandleAsync(User, roundtableId, ct) : [],
            Form = form,
            CanManage = canManage,
        };
    }
}
