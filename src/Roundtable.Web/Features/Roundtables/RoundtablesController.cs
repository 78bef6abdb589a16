using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Participants;

namespace Roundtable.Web.Features.Roundtables;

public sealed class RoundtablesPage
{
    public IReadOnlyList<ListRoundtables.Row> Upcoming { get; init; } = [];
    public IReadOnlyList<ListRoundtables.Row> Past { get; init; } = [];
}

public sealed class RoundtableEditPage
{
    public long? Id { get; init; }
    public RoundtableForm Form { get; init; } = new();
}

public sealed class RoundtableOverviewPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public CountParticipants.Counts Participants { get; init; } = new();
    public IReadOnlyList<ListPresentations.Row> Presentations { get; init; } = [];
    public bool CanManage { get; init; }
}

[Route("roundtables")]
public sealed class RoundtablesController(
    ListRoundtables list, GetRoundtable get, CreateRoundtable create, UpdateRoundtable update,
    CountParticipants participants, ListPresentations presentations, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var (upcoming, past) = await list.HandleAsync(User, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return View(new RoundtablesPage { Upcoming = upcoming, Past = past });
    }

    [HttpGet("new"), Authorize(Policy = Policies.Organizer)]
    public IActionResult New() => View("Edit", new RoundtableEditPage());

    [HttpPost("new"), Authorize(Policy = Policies.Organizer)]
    public async Task<IActionResult> New([Bind(Prefix = "Form")] RoundtableForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View("Edit", new RoundtableEditPage { Form = form });
        }
        var id = await create.HandleAsync(form, User.Id(), ct);
        TempData["Flash"] = "Roundtable created. Add its participants and agenda next.";
        return RedirectToAction(nameof(Details), new { roundtableId = id });
    }

    [HttpGet("{roundtableId:long}"), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Details(long roundtableId, CancellationToken ct)
    {
        var roundtable = (await get.HandleAsync(roundtableId, ct))!;
        return View(new RoundtableOverviewPage
        {
            Roundtable = roundtable,
            Participants = await participants.HandleAsync(roundtable, ct),
            Presentations = await presentations.HandleAsync(roundtableId, ct),
            CanManage = HttpContext.Items[typeof(Access)] is Access.Manage,
        });
    }

    [HttpGet("{roundtableId:long}/edit"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, CancellationToken ct) =>
        View(new RoundtableEditPage { Id = roundtableId, Form = (await get.HandleAsync(roundtableId, ct))!.ToForm() });

    [HttpPost("{roundtableId:long}/edit"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, [Bind(Prefix = "Form")] RoundtableForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(new RoundtableEditPage { Id = roundtableId, Form = form });
        }
        await update.HandleAsync(roundtableId, form, ct);
        TempData["Flash"] = "Roundtable saved.";
        return RedirectToAction(nameof(Details), new { roundtableId });
    }
}
