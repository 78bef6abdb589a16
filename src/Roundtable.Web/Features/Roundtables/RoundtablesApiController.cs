using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Participants;

namespace Roundtable.Web.Features.Roundtables;

public sealed class RoundtableDocument
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<ListParticipants.Row> Participants { get; init; } = [];
    public IReadOnlyList<ListPresentations.Row> Presentations { get; init; } = [];
}

[ApiController, Route("api/roundtables"), IgnoreAntiforgeryToken]
public sealed class RoundtablesApiController(
    ListRoundtables list, GetRoundtable get, CreateRoundtable create, UpdateRoundtable update,
    ListParticipants participants, ListPresentations presentations, TimeProvider clock) : ControllerBase
{
    [HttpGet("")]
    public async Task<object> Index(CancellationToken ct)
    {
        var (upcoming, past) = await list.HandleAsync(User, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return new { upcoming, past };
    }

    /// <summary>The roundtable with its participants and its agenda (labels derived from the order).</summary>
    [HttpGet("{roundtableId:long}"), RequireRoundtable(Access.Read)]
    public async Task<RoundtableDocument> Get(long roundtableId, CancellationToken ct) => new()
    {
        Roundtable = (await get.HandleAsync(roundtableId, ct))!,
        Participants = await participants.HandleAsync(roundtableId, null, ct),
        Presentations = await presentations.HandleAsync(roundtableId, ct),
    };

    [HttpPost(""), Consumes("application/json"), Authorize(Policy = Policies.Organizer)]
    public async Task<IActionResult> Create(RoundtableForm form, CancellationToken ct)
    {
        var id = await create.HandleAsync(form, User.Id(), ct);
        return CreatedAtAction(nameof(Get), new { roundtableId = id }, await get.HandleAsync(id, ct));
    }

    [HttpPut("{roundtableId:long}"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<GetRoundtable.Row>> Update(long roundtableId, RoundtableForm form, CancellationToken ct)
    {
        await update.HandleAsync(roundtableId, form, ct);
        return (await get.HandleAsync(roundtableId, ct))!;
    }
}
