using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Invitations;

/// <summary>Invitees whose invitation was cancelled or failed are shown so, are not reminded, and can be invited again.</summary>
public sealed class LostInvitationsTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    [Fact]
    public async Task A_cancelled_invitation_is_flagged_not_reminded_and_can_be_sent_again()
    {
        var (roundtableId, participations) = await app.SoonRoundtableWithInviteesAsync("Lost", daysAhead: 2, count: 3);
        var delivered = await app.InviteAsync(roundtableId, participations.Take(2).ToList());
        var cancelled = await app.InviteAsync(roundtableId, [participations[2]]);
        await using (var conn = await app.Db.OpenAsync())
        {
            // The first mailing went out (its rows marked sent as the delivery job would); the second is cancelled before it did.
            await conn.ExecuteAsync("UPDATE outbox SET status = 'sent' WHERE mailing_id = @MailingId", delivered);
        }
        Assert.Equal(1, await app.Run<CancelQueued, int>(c => c.HandleAsync(cancelled.MailingId, CancellationToken.None)));

        var invitees = await app.Run<ListInvitees, IReadOnlyList<Invitee>>(l => l.HandleAsync(roundtableId, CancellationToken.None));
        Assert.Equal(["sent", "sent", "cancelled"], invitees.OrderBy(i => i.ParticipationId).Select(i => i.InvitationMail));
        Assert.Equal([participations[2]], invitees.Where(i => i.InvitationLost).Select(i => i.ParticipationId));

        using var web = await app.SignInAsync("org-lost@tests.example.org");
        var overview = await web.GetPageAsync($"/roundtables/{roundtableId}");
        Assert.Contains("1 invitation did not go out", overview.QuerySelector("#invitations-lost")!.TextContent);
        var list = await web.GetPageAsync($"/roundtables/{roundtableId}/invitations?status=invited");
        Assert.Contains("invitation cancelled", list.QuerySelector("#invitees")!.TextContent);

        // Reminders go to the two who received theirs.
        await app.Run<SaveReminderDays, Result<int?>>(s => s.HandleAsync(roundtableId, 3, CancellationToken.None));
        var reminder = await app.Run<SendRemindersJob, long?>(j => j.RemindAsync(roundtableId, 3, CancellationToken.None));
        await using (var conn = await app.Db.OpenAsync())
        {
            var reminded = await conn.QueryAsync<long>("SELECT participation_id FROM outbox WHERE mailing_id = @reminder ORDER BY participation_id", new { reminder });
            Assert.Equal(participations.Take(2), reminded);
        }

        // Invited again, the invitation is on its way: no longer flagged.
        await app.InviteAsync(roundtableId, [participations[2]]);
        var again = await app.Run<ListInvitees, Invitee?>(l => l.OneAsync(participations[2], CancellationToken.None));
        Assert.Equal("queued", again!.InvitationMail);
        Assert.False(again.InvitationLost);
        Assert.Null((await web.GetPageAsync($"/roundtables/{roundtableId}")).QuerySelector("#invitations-lost"));
    }
}
