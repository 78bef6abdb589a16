using Dapper;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>The mail-out job called directly (no Hangfire server), twice and interrupted, against real SQLite and a loopback SMTP server.</summary>
public sealed class MailOutJobTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private List<MimeMessage> Received(MailOutScenario s) =>
        app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.Contains(s.Tag, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Run_twice_it_publishes_once_and_queues_each_recipient_once_then_each_gets_one_report_and_one_invitation()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 6, newInvitees: 2);
        var run = await s.PlanAsync();
        await s.RunJobAsync(run.Id);
        await s.RunJobAsync(run.Id);

        var done = await s.GetAsync(run.Id);
        Assert.Equal("done", done.Status);
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM report_editions WHERE roundtable_id = @roundtableId"));
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId AND kind = 'report'"));
        Assert.Equal(done.EditionId, await s.CountAsync("SELECT edition_id FROM mailings WHERE id = @id", new { id = done.ReportMailingId }));
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM mailing_attachments WHERE mailing_id = @id", new { id = done.ReportMailingId }));
        Assert.Equal(15, await s.CountAsync("SELECT COUNT(*) FROM outbox WHERE mailing_id = @id", new { id = done.ReportMailingId }));
        Assert.Equal(17, await s.CountAsync("SELECT COUNT(*) FROM outbox WHERE mailing_id = @id", new { id = done.InvitationMailingId }));
        Assert.Equal("report_published", await s.App.Run<Roundtable.Web.Features.Roundtables.GetRoundtable, string>(async g => (await g.HandleAsync(s.RoundtableId, CancellationToken.None))!.Status));
        var steps = await s.StepsAsync(run.Id);
        Assert.Equal(["edition", "publish", "report", "report", "invitations"], steps.Select(x => x.Step));
        Assert.All(steps, x => Assert.Equal("done", x.Outcome));

        await s.DeliverAsync(done.ReportMailingId);
        await s.DeliverAsync(done.InvitationMailingId);
        await s.RunJobAsync(run.Id);
        var mail = Received(s);
        Assert.Equal(s.Attendees.Order(), mail.Where(m => m.Subject!.StartsWith("Report:", StringComparison.Ordinal)).Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Equal(s.Attendees.Concat(s.NewInvitees).Order(), mail.Where(m => m.Subject!.StartsWith("Invitation:", StringComparison.Ordinal)).Select(m => m.To.Mailboxes.Single().Address).Order());
        var progress = await s.ProgressAsync(run.Id);
        Assert.True(progress.MailingsFinished);
        Assert.Equal("Complete: every mailing is finished.", progress.Headline);
    }

    [Fact]
    public async Task Interrupted_at_any_moment_and_run_again_it_finishes_with_nothing_repeated()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 1200, newInvitees: 3);
        var run = await s.PlanAsync();
        // Stop the job after ever longer moments: in the assembly, the publishing, between pages of recipients, in the invitations.
        var interrupted = 0;
        foreach (var ms in new[] { 5, 40, 150, 400, 700, 1000, 1500 })
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(ms));
            try
            {
                await s.RunJobAsync(run.Id, stop.Token);
            }
            catch (Exception)
            {
                // Whatever the interruption threw (a cancelled query, a cancelled PDF render), the next run must finish the job.
                interrupted++;
            }
            if ((await s.GetAsync(run.Id)).Status == "done")
            {
                break;
            }
        }
        await s.RunJobAsync(run.Id);
        await s.RunJobAsync(run.Id);

        var done = await s.GetAsync(run.Id);
        Assert.True(interrupted >= 2, $"Only {interrupted} interruptions: the test did not stop the job part-way.");
        Assert.Equal("done", done.Status);
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM report_editions WHERE roundtable_id = @roundtableId"));
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId AND kind = 'report'"));
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @id", new { id = s.FollowUpId }));
        Assert.Equal(1209, await s.CountAsync("SELECT COUNT(*) FROM outbox WHERE mailing_id = @id", new { id = done.ReportMailingId }));
        Assert.Equal(1212, await s.CountAsync("SELECT COUNT(*) FROM outbox WHERE mailing_id = @id", new { id = done.InvitationMailingId }));
        var steps = (await s.StepsAsync(run.Id)).Where(x => x.Outcome == "done").Select(x => x.Step).ToList();
        Assert.Equal(["edition", "publish", "report", "report", "invitations"], steps);
    }

    [Fact]
    public async Task A_scheduled_run_waits_for_its_time_and_no_second_mail_out_starts_meanwhile()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        var run = await s.PlanAsync("schedule", f => f.RunAt = DateTime.UtcNow.AddHours(3));
        Assert.Equal("scheduled", run.Status);
        await s.RunJobAsync(run.Id);
        Assert.Null((await s.GetAsync(run.Id)).StartedAt);
        var second = await s.TryPlanAsync(new MailOutForm { Action = "start", Edition = 1, ConfirmEdition = 1 });
        Assert.Contains(second.Errors, e => e.Message.Contains("running or scheduled", StringComparison.Ordinal));

        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE followup_runs SET run_at = @past WHERE id = @id", new { id = run.Id, past = DateTime.UtcNow.AddMinutes(-1) });
        }
        await s.RunJobAsync(run.Id);
        Assert.Equal("done", (await s.GetAsync(run.Id)).Status);
    }
}
