using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>How many invitees hold old details in their calendars (the organizer is then offered an update).</summary>
public sealed class CheckCalendarChange(Db db)
{
    /// <param name="invitees">The roundtable's invitees, as the caller has them already (<see cref="ListInvitees"/>).</param>
    public async Task<int> HandleAsync(GetRoundtable.Row rt, IEnumerable<Invitee> invitees, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await CalendarSequence.InviteesBehindAsync(conn, rt, invitees, ct);
    }
}
