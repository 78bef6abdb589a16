using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Invitations;

/// <summary>Who is offered the updated invitation when the details change between mailings.</summary>
public sealed class CalendarUpdateTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    [Fact]
    public async Task Invitees_left_with_old_details_are_still_offered_the_update_after_others_are_invited_with_the_new()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Behind", 4);
        await app.InviteAsync(roundtableId, participations.Take(2).ToList());
        await MoveAsync(roundtableId, "Another Hall");
        Assert.Equal(2, await BehindAsync(roundtableId));

        // Two more are invited with the new venue: the first two still hold the old one.
        await app.InviteAsync(roundtableId, participations.Skip(2).ToList());
        Assert.Equal(2, await BehindAsync(roundtableId));
        using var web = await app.SignInAsync("org-behind@tests.example.org");
        var page = await web.GetPageAsync($"/roundtables/{roundtableId}/invitations");
        Assert.Contains("Send an update to 2 invitees", page.QuerySelector("#update-offer")!.TextContent);

        // The update goes to those two only, with the calendar the later invitees already have.
        var update = await web.SubmitAsync($"/roundtables/{roundtableId}/invitations", $"/roundtables/{roundtableId}/invitations/update", []);
        Assert.Contains("2 updated invitations queued", update.QuerySelector(".flash")!.TextContent);
        Assert.Equal(0, await BehindAsync(roundtableId));
        await using var conn = await app.Db.OpenAsync();
        var updated = await conn.QueryAsync<long>("""
            SELECT o.participation_id FROM outbox o JOIN mailings m ON m.id = o.mailing_id
            WHERE m.roundtable_id = @roundtableId AND m.kind = 'invitation_update' ORDER BY o.participation_id
            """, new { roundtableId });
        Assert.Equal(participations.Take(2), updated);
        var sequences = await conn.QueryAsync<int>("SELECT calendar_sequence FROM participations WHERE roundtable_id = @roundtableId", new { roundtableId });
        Assert.All(sequences, s => Assert.Equal(1, s));

        // Nothing is behind now: a second update is refused, not mailed to anyone again.
        var again = await app.Run<SendInvitations, Result<InvitationsSent>>(s => s.HandleAsync(roundtableId, participations, update: true, null, CancellationToken.None));
        Assert.False(again.Ok);
        Assert.Contains("already has the current date", again.Errors.Single().Message);
    }

    [Fact]
    public async Task Someone_marked_invited_by_hand_is_offered_the_update_only_once_the_details_change()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("ByHand", 2);
        await app.InviteAsync(roundtableId, [participations[0]]);
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE participations SET invitation_status = 'invited' WHERE id = @id", new { id = participations[1] });
        }
        Assert.Equal(0, await BehindAsync(roundtableId));

        await MoveAsync(roundtableId, "The Old Library");
        Assert.Equal(2, await BehindAsync(roundtableId));
        var sent = await app.InviteAsync(roundtableId, participations, update: true);
        Assert.Equal(2, sent.Queued);
        Assert.Equal(0, await BehindAsync(roundtableId));
    }

    private async Task MoveAsync(long roundtableId, string venue)
    {
        await using var conn = await app.Db.OpenAsync();
        await conn.ExecuteAsync("UPDATE roundtables SET venue = @venue WHERE id = @roundtableId", new { roundtableId, venue });
    }

    private async Task<int> BehindAsync(long roundtableId)
    {
        var rt = (await app.Run<GetRoundtable, GetRoundtable.Row?>(g => g.HandleAsync(roundtableId, CancellationToken.None)))!;
        var invitees = await app.Run<ListInvitees, IReadOnlyList<Invitee>>(l => l.HandleAsync(roundtableId, CancellationToken.None));
        return await app.Run<CheckCalendarChange, int>(c => c.HandleAsync(rt, invitees, CancellationToken.None));
    }
}
