using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Inbox;

public sealed class InboxPage
{
    /// <summary>The roundtable whose replies these are; null for the whole mailbox (administrators).</summary>
    public GetRoundtable.Row? Roundtable { get; init; }
    public InboxSettings Settings { get; init; } = new();
    public ReadInboxJob.Status? Status { get; init; }
    public IReadOnlyList<ListInboxMessages.Row> Messages { get; init; } = [];
}

/// <summary>
/// The reply mailbox: administrators see whether it is read and what became of every message; a roundtable's
/// organizers see the calendar answers, bounces and messages about their roundtable.
/// </summary>
public sealed class InboxController(ListInboxMessages list, InboxSettings settings, GetRoundtable getRoundtable) : Controller
{
    [HttpGet("inbox"), Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new InboxPage
    {
        Settings = settings,
        Status = await list.StatusAsync(ct),
        Messages = await list.HandleAsync(null, ct),
    });

    [HttpGet("roundtables/{roundtableId:long}/replies"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Roundtable(long roundtableId, CancellationToken ct) => View("Index", new InboxPage
    {
        Roundtable = await getRoundtable.HandleAsync(roundtableId, ct),
        Settings = settings,
        Messages = await list.HandleAsync(roundtableId, ct),
    });
}
