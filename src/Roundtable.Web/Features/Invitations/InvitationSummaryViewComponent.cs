using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

public sealed class InvitationSummary
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public CountParticipants.Counts Counts { get; init; } = new();
    public long InviteesBehind { get; init; }
    public bool CanManage { get; init; }
}

/// <summary>The answers so far, on the roundtable's overview, and the offer to mail an update after a change.</summary>
public sealed class InvitationSummaryViewComponent : ViewComponent
{
    /// <param name="counts">The roundtable's participants counted (<see cref="CountParticipants"/>), as the overview has them.</param>
    public IViewComponentResult Invoke(GetRoundtable.Row roundtable, bool canManage, CountParticipants.Counts counts) =>
        View("/Features/Invitations/_Summary.cshtml", new InvitationSummary
        {
            Roundtable = roundtable,
            Counts = counts,
            InviteesBehind = canManage ? counts.CalendarsBehind : 0,
            CanManage = canManage,
        });
}
