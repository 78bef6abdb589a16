using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.FollowUp;

/// <summary>
/// What a mail-out would meet if started now, found before anything is written: the problems and warnings a new
/// edition would have, names the leak check would stop, the editions that may be mailed, and the follow-up's state.
/// The job checks all of it again when it runs.
/// </summary>
public sealed class MailOutPreflight(
    LoadReportContent load, ScanEditionForLeaks scan,
    ListEditions editions, FollowUpLinks links, GetRoundtable getRoundtable, TimeProvider clock)
{
    public sealed class Result
    {
        public IReadOnlyList<string> Problems { get; init; } = [];
        public IReadOnlyList<string> Warnings { get; init; } = [];
        public IReadOnlyList<EditionLeak> Leaks { get; init; } = [];
        public IReadOnlyList<ListEditions.Row> Editions { get; init; } = [];
        public GetRoundtable.Row? FollowUp { get; init; }
        public int FollowUpInvitees { get; init; }
        public bool FollowUpPast { get; init; }

        public bool NewEditionBlocked => Problems.Count > 0 || Leaks.Count > 0;
    }

    public async Task<Result> HandleAsync(long roundtableId, CancellationToken ct)
    {
        var outcome = await load.HandleAsync(roundtableId, 0, "", ct);
        var leaks = await scan.HandleAsync(roundtableId, ct);
        var latest = (await links.HandleAsync(roundtableId, ct)).FollowUps.FirstOrDefault();
        var followUp = latest is null ? null : await getRoundtable.HandleAsync(latest.Id, ct);
        return new Result
        {
            Problems = outcome.Problems,
            Warnings = outcome.Warnings,
            Leaks = leaks,
            Editions = await editions.HandleAsync(roundtableId, ct),
            FollowUp = followUp,
            FollowUpInvitees = (int)(latest?.Invitees ?? 0),
            FollowUpPast = followUp is not null && RsvpTokens.ExpiryOf(followUp) <= clock.GetUtcNow(),
        };
    }
}
