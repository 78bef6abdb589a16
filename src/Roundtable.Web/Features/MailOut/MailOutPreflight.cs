using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Reconvene;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// What a mail-out would meet if started now, found before anything is written: the assembled editions that may be
/// mailed (with their warnings, blocking names and overridden hits), and the follow-up's state. The job checks again
/// when it runs.
/// </summary>
public sealed class MailOutPreflight(MailableEditions editions, FollowUpLinks links, GetRoundtable getRoundtable, TimeProvider clock)
{
    public sealed class Result
    {
        public IReadOnlyList<MailableEditions.Row> Editions { get; init; } = [];
        public GetRoundtable.Row? FollowUp { get; init; }
        public int FollowUpInvitees { get; init; }
        public bool FollowUpPast { get; init; }

        /// <summary>The edition a new mail-out offers first: the newest one.</summary>
        public MailableEditions.Row? Newest => Editions.Count > 0 ? Editions[0] : null;
    }

    public async Task<Result> HandleAsync(long roundtableId, CancellationToken ct)
    {
        var latest = (await links.HandleAsync(roundtableId, ct)).FollowUps.FirstOrDefault();
        var followUp = latest is null ? null : await getRoundtable.HandleAsync(latest.Id, ct);
        return new Result
        {
            Editions = await editions.HandleAsync(roundtableId, ct),
            FollowUp = followUp,
            FollowUpInvitees = (int)(latest?.Invitees ?? 0),
            FollowUpPast = followUp is not null && RsvpTokens.ExpiryOf(followUp) <= clock.GetUtcNow(),
        };
    }
}
