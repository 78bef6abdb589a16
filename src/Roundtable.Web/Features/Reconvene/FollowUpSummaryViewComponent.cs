using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reconvene;

public sealed class FollowUpSummary
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public FollowUpLinks.Links Links { get; init; } = new();
    public MailOutRun? Latest { get; init; }
    public bool CanManage { get; init; }
    public bool Held { get; init; }
}

/// <summary>On the overview: what this roundtable reconvenes or was reconvened as, and its latest mail-out, with the ways to start one.</summary>
public sealed class FollowUpSummaryViewComponent(FollowUpLinks links, GetMailOutRun runs, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(GetRoundtable.Row roundtable, bool canManage) =>
        View("/Features/Reconvene/_Summary.cshtml", new FollowUpSummary
        {
            Roundtable = roundtable,
            Links = await links.HandleAsync(roundtable.Id, HttpContext.RequestAborted),
            Latest = canManage ? await runs.LatestAsync(roundtable.Id, HttpContext.RequestAborted) : null,
            CanManage = canManage,
            Held = roundtable.End < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) || roundtable.Status is "held" or "proceedings" or "report_published",
        });
}
