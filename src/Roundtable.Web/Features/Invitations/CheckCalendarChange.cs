using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Invitations;

/// <summary>Whether the date, time or venue changed after invitations went out (then an update should be offered).</summary>
public sealed class CheckCalendarChange(Db db)
{
    public async Task<bool> HandleAsync(GetRoundtable.Row rt, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await CalendarSequence.ChangedSinceMailedAsync(conn, rt, ct);
    }
}
