using Microsoft.AspNetCore.Mvc;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

public sealed class InvitationSummary
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<Invitee> Invitees { get; init; } = [];
    public int InviteesBehind { get; init; }
    public bool CanManage { get; init; }

    public int Count(string status) => Invitees.Count(i => i.InvitationStatus == status);
}

/// <summary>The answers so far, on the roundtable's overview, and the offer to mail an update after a change.</summary>
public sealed class InvitationSummaryViewComponent(ListInvitees invitees, CheckCalendarChange calendarChange) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(GetRoundtable.Row roundtable, bool canManage)
    {
        var all = await invitees.HandleAsync(roundtable.Id, HttpContext.RequestAborted);
        return View("/Features/Invitations/_Summary.cshtml", new InvitationSummary
        {
            Roundtable = roundtable,
            Invitees = all,
            InviteesBehind = canManage ? await calendarChange.HandleAsync(roundtable, all, HttpContext.RequestAborted) : 0,
            CanManage = canManage,
        });
    }
}
