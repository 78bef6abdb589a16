using System.Globalization;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Agenda;

public sealed class AgendaPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<ListPresentations.Row> Presentations { get; init; } = [];
    /// <summary>Whom the form offers as presenters and rapporteurs: everyone, or on a roundtable of more than <see cref="EveryoneUpTo"/> participants those with a role beyond participant or observer.</summary>
    public IReadOnlyList<ListParticipants.Row> Participants { get; init; } = [];

    public const int EveryoneUpTo = 100;

    /// <summary>How many take part, when the form does not list them all (null when it does).</summary>
    public long? NotAllListedOf { get; init; }
    public PresentationForm Form { get; init; } = new();
    public long? EditingId { get; init; }
    public bool CanManage { get; init; }
}

[Route("roundtables/{roundtableId:long}/agenda")]
public sealed class AgendaController(
    GetRoundtable getRoundtable, ListPresentations list, ListParticipants participants,
    CreatePresentation create, UpdatePresentation update, ReorderPresentations reorder, DeletePresentation delete) : Controller
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct) =>
        View(await PageAsync(roundtableId, new PresentationForm(), null, ct));

    [HttpGet("print"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Print(long roundtableId, CancellationToken ct) =>
        View(await PageAsync(roundtableId, new PresentationForm(), null, ct));

    [HttpPost(""), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Add(long roundtableId, [Bind(Prefix = "Form")] PresentationForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await create.HandleAsync(roundtableId, form, ct);
            if (result.Ok)
            {
                TempData["Flash"] = $"“{form.Title.Trim()}” added to the agenda.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View("Index", await PageAsync(roundtableId, form, null, ct));
    }

    [HttpGet("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, long id, CancellationToken ct)
    {
        var page = await PageAsync(roundtableId, new PresentationForm(), id, ct);
        var p = page.Presentations.FirstOrDefault(x => x.Id == id);
        if (p is null)
        {
            return NotFound();
        }
        var form = new PresentationForm
        {
            Title = p.Title,
            StartTime = p.StartTime is null ? null : TimeOnly.ParseExact(p.StartTime, "HH:mm", CultureInfo.InvariantCulture),
            EndTime = p.EndTime is null ? null : TimeOnly.ParseExact(p.EndTime, "HH:mm", CultureInfo.InvariantCulture),
            PresenterNamed = p.PresenterNamed,
            PresenterIds = p.Presenters.Select(x => x.ParticipationId).ToList(),
            RapporteurIds = p.Rapporteurs.Select(x => x.ParticipationId).ToList(),
        };
        return View(new AgendaPage
        {
            Roundtable = page.Roundtable, Presentations = page.Presentations,
            Participants = page.NotAllListedOf is null ? page.Participants : await participants.SpeakersAsync(roundtableId, [.. form.PresenterIds, .. form.RapporteurIds], ct),
            NotAllListedOf = page.NotAllListedOf, Form = form, EditingId = id, CanManage = true,
        });
    }

    [HttpPost("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, long id, [Bind(Prefix = "Form")] PresentationForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await update.HandleAsync(roundtableId, id, form, ct);
            if (result.Ok)
            {
                if (!result.Value)
                {
                    return NotFound();
                }
                TempData["Flash"] = $"“{form.Title.Trim()}” saved.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View(await PageAsync(roundtableId, form, id, ct));
    }

    [HttpPost("{id:long}/move"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Move(long roundtableId, long id, string direction, CancellationToken ct)
    {
        if (!await reorder.MoveAsync(roundtableId, id, direction == "up" ? -1 : 1, ct))
        {
            return NotFound();
        }
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    [HttpPost("{id:long}/delete"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Delete(long roundtableId, long id, CancellationToken ct)
    {
        if (!await delete.HandleAsync(roundtableId, id, ct))
        {
            return NotFound();
        }
        TempData["Flash"] = "Presentation removed from the agenda.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    private async Task<AgendaPage> PageAsync(long roundtableId, PresentationForm form, long? editingId, CancellationToken ct)
    {
        var canManage = HttpContext.Items[typeof(Access)] is Access.Manage;
        // Only the form needs the participants; a roundtable of thousands offers those with a speaking role (and those chosen).
        IReadOnlyList<ListParticipants.Row> people = [];
        long? notAll = null;
        if (canManage)
        {
            (people, notAll) = await participants.PickerAsync(roundtableId, AgendaPage.EveryoneUpTo, [.. form.PresenterIds, .. form.RapporteurIds], ct);
        }
        return new()
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Presentations = await list.HandleAsync(roundtableId, ct),
            Participants = people,
            NotAllListedOf = notAll,
            Form = form,
            EditingId = editingId,
            CanManage = canManage,
        };
    }
}
