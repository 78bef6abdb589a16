using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Invitations;

/// <summary>Invitees answering at the same moment, as they would through different nodes.</summary>
public sealed class ConcurrentAnswersTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    [Fact]
    public async Task Answers_arriving_at_once_share_one_confirmations_mailing_with_a_row_each()
    {
        // One answer elsewhere first, so that the twelve below are not staggered by the first call's warm-up.
        var (warmRoundtable, warm) = await app.RoundtableWithInviteesAsync("Warm", 1);
        await app.InviteAsync(warmRoundtable, warm);
        Assert.True((await app.Run<AnswerRsvp, Result<Invitee>>(a => a.HandleAsync(warm[0], "declined", "", CancellationToken.None))).Ok);

        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Together", 12);
        await app.InviteAsync(roundtableId, participations);
        var results = await Task.WhenAll(participations.Select(p =>
            app.Run<AnswerRsvp, Result<Invitee>>(a => a.HandleAsync(p, "accepted", "See you there.", CancellationToken.None))));
        Assert.All(results, r => Assert.True(r.Ok));

        await using var conn = await app.Db.OpenAsync();
        var mailings = (await conn.QueryAsync<long>("SELECT id FROM mailings WHERE dedup_key = @key", new { key = $"rsvp_confirmation:{roundtableId}" })).ToList();
        var mailing = Assert.Single(mailings);
        Assert.Equal(12L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE mailing_id = @mailing", new { mailing }));
        Assert.Equal(12L, await conn.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM participations WHERE roundtable_id = @roundtableId AND invitation_status = 'accepted'", new { roundtableId }));
    }
}
