using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Audit;

public sealed class AuditPage
{
    /// <summary>The roundtable whose events these are; null for every event (administrators).</summary>
    public GetRoundtable.Row? Roundtable { get; init; }
    public IReadOnlyList<ListAuditEvents.Row> Events { get; init; } = [];
}

/// <summary>The audit log: a roundtable's organizers see its events, administrators see everything.</summary>
public sealed class AuditController(ListAuditEvents list, GetRoundtable getRoundtable) : Controller
{
    [HttpGet("audit"), Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new AuditPage { Events = await list.HandleAsync(null, ct) });

    [HttpGet("roundtables/{roundtableId:long}/audit"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Roundtable(long roundtableId, CancellationToken ct) =>
        View("Index", new AuditPage { Roundtable = await getRoundtable.HandleAsync(roundtableId, ct), Events = await list.HandleAsync(roundtableId, ct) });
}
