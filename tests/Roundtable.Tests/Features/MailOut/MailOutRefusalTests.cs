using Dapper;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Reconvene;
using SmtpServer.Protocol;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>Bad input for the mail-out job, called directly: what it refuses, what it skips, and what the organizer is told.</summary>
public sealed class MailOutRefusalTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private List<MimeMessage> Received(MailOutScenario s) =>
        app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.Contains(s.Tag, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task An_edition_that_fails_the_leak_check_is_refused_with_the_reason_and_nothing_is_published_or_mailed()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false, approveAll: false);
        await s.Report.AddAsync(5, s.Report.Quiet, "recalled, as Jim had said, that nobody coordinates the agencies.");
        for (var i = 0; i < 5; i++)
        {
            await s.Report.ApproveAsync(i);
        }
        // The leaking presentation cannot be approved, so publishing would need a reason: given, the leak check still refuses.
        var run = await s.PlanAsync("save", f => f.OverrideReason = "The last presentation is final as it stands.");
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE followup_runs SET status = 'running' WHERE id = @id", new { id = run.Id });
        }
        await s.RunJobAsync(run.Id);

        var stopped = await s.GetAsync(run.Id);
        Assert.Equal("stopped", stopped.Status);
        Assert.Contains("leak check failed", stopped.Problem);
        Assert.Contains("James Harlan", stopped.Problem);
        Assert.Contains("nothing was published or mailed", stopped.Problem);
        Assert.Null(stopped.EditionId);
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId"));
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM reports WHERE roundtable_id = @roundtableId AND published_edition_id IS NOT NULL"));
        Assert.Equal("refused", (await s.StepsAsync(run.Id)).Last().Outcome);

        // The form says so before anything starts, too.
        var refused = await s.TryPlanAsync(new MailOutForm { Action = "start", Edition = 1, ConfirmEdition = 1, OverrideReason = "Final as it stands." });
        Assert.Contains(refused.Errors, e => e.Field == "Edition" && e.Message.StartsWith("Edition 1 names people who may not be named (James Harlan in", StringComparison.Ordinal)
            && e.Message.Contains("it cannot be mailed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warnings_without_a_reason_stop_at_publishing_and_the_reason_given_there_lets_it_carry_on()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false, approveAll: false);
        var edition = await s.AssembleAsync();
        var refused = await s.TryPlanAsync(new MailOutForm { Action = "start", Edition = edition, ConfirmEdition = edition });
        Assert.Contains(refused.Errors, e => e.Field == "OverrideReason" && e.Message.Contains("6 warnings", StringComparison.Ordinal));

        var run = await s.PlanAsync("save", f => f.Edition = edition);
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE followup_runs SET status = 'running' WHERE id = @id", new { id = run.Id });
        }
        await s.RunJobAsync(run.Id);
        var stopped = await s.GetAsync(run.Id);
        Assert.Equal("stopped", stopped.Status);
        Assert.Equal("publish", stopped.Step);
        Assert.Contains("give the reason", stopped.Problem);
        Assert.Null(stopped.ReportMailingId);

        Assert.True(await s.App.Run<ChangeMailOutRun, bool>(c => c.HandleAsync(s.RoundtableId, run.Id, "The rapporteurs are away; these drafts are final.", CancellationToken.None)));
        await s.RunJobAsync(run.Id);
        var done = await s.GetAsync(run.Id);
        Assert.Equal("done", done.Status);
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM report_editions WHERE roundtable_id = @roundtableId"));
        Assert.Equal("The rapporteurs are away; these drafts are final.", await s.App.Run<Roundtable.Web.Features.Reports.ListEditions, string?>(async l =>
            (await l.HandleAsync(s.RoundtableId, CancellationToken.None)).Single().OverrideReason));
    }

    [Fact]
    public async Task No_recipients_or_none_with_an_address_is_refused_and_people_without_one_are_skipped_with_the_reason()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        var everyone = (await s.App.Run<ReportRecipients, IReadOnlyList<ReportRecipients.Row>>(r => r.AllAsync(s.RoundtableId, 0, 100, CancellationToken.None)))
            .Select(r => r.ParticipationId).ToList();
        var edition = await s.AssembleAsync();
        var none = await s.TryPlanAsync(new MailOutForm { Action = "start", Edition = edition, ConfirmEdition = edition, Listed = everyone, Include = [] });
        Assert.Contains(none.Errors, e => e.Message.StartsWith("No recipients", StringComparison.Ordinal));

        var person = await app.PersonAsync("Nadia Noaddress " + s.Tag, "");
        var noAddress = await app.ParticipantAsync(s.RoundtableId, person);
        var onlyHer = await s.TryPlanAsync(new MailOutForm { Action = "start", Edition = edition, ConfirmEdition = edition, Listed = everyone.Append(noAddress).ToList(), Include = [noAddress] });
        Assert.Contains(onlyHer.Errors, e => e.Message.Contains("has an email address", StringComparison.Ordinal));
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @roundtableId"));

        var run = await s.PlanAsync(change: f => (f.Edition, f.ConfirmEdition) = (edition, edition));
        await s.RunJobAsync(run.Id);
        var done = await s.GetAsync(run.Id);
        var progress = await s.ProgressAsync(run.Id);
        Assert.Equal(9, progress.Report!.Progress.Total);
        Assert.Equal(1, progress.Report.Progress.Skipped);
        var (_, skips) = await s.App.Run<Roundtable.Web.Features.Mailings.ListMailingRecipients, (IReadOnlyList<Roundtable.Web.Features.Mailings.ListMailingRecipients.Row>, IReadOnlyList<Roundtable.Web.Features.Mailings.ListMailingRecipients.Skip>)>(
            l => l.HandleAsync(done.ReportMailingId!.Value, 100, CancellationToken.None));
        Assert.Equal("Nadia Noaddress " + s.Tag, skips.Single().RecipientName);
        Assert.Contains("No email address", skips.Single().Reason);
    }

    [Fact]
    public async Task A_relay_that_refuses_retries_what_is_transient_and_reports_what_is_permanent_with_the_reasons()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 4, followUp: false);
        var busy = 0;
        app.Smtp.Rule = to => !to.Contains(s.Tag, StringComparison.Ordinal) ? null
            : to.StartsWith("guest00000", StringComparison.Ordinal) && Interlocked.Increment(ref busy) == 1 ? new SmtpResponse(SmtpReplyCode.Unavailable, "Greylisted, try again later")
            : to.StartsWith("guest", StringComparison.Ordinal) ? null
            : new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "Relay access denied");
        try
        {
            var run = await s.PlanAsync();
            await s.RunJobAsync(run.Id);
            var done = await s.GetAsync(run.Id);
            await s.DeliverAsync(done.ReportMailingId);
            await Task.Delay(1300);
            await s.DeliverAsync(done.ReportMailingId);

            var progress = await s.ProgressAsync(run.Id);
            Assert.Equal(4, progress.Report!.Progress.Sent);
            Assert.Equal(9, progress.Report.Progress.Failed);
            var failure = Assert.Single(progress.Report.Failures);
            Assert.Equal(9, failure.Count);
            Assert.Contains("Relay access denied", failure.Reason);
            Assert.Equal("Finished with failures: see the reasons below.", progress.Headline);
            Assert.Equal(4, Received(s).Count);
        }
        finally
        {
            app.Smtp.Rule = _ => null;
        }
    }

    [Fact]
    public async Task A_follow_up_in_the_past_stops_at_the_invitations_while_the_report_goes_out_and_the_run_says_so()
    {
        var s = await MailOutScenario.CreateAsync(app, newInvitees: 1);
        var run = await s.PlanAsync();
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE roundtables SET start_date = '2020-01-01', end_date = '2020-01-01' WHERE id = @id", new { id = s.FollowUpId });
        }
        await s.RunJobAsync(run.Id);
        var stopped = await s.GetAsync(run.Id);
        Assert.Equal("stopped", stopped.Status);
        Assert.Equal("invitations", stopped.Step);
        Assert.Contains("already taken place", stopped.Problem);
        Assert.Contains("The report mailing goes on", stopped.Problem);
        Assert.NotNull(stopped.ReportQueuedAt);
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @id", new { id = s.FollowUpId }));

        var again = await s.TryPlanAsync(new MailOutForm { Action = "start", Edition = 1, ConfirmEdition = 1 });
        Assert.Contains(again.Errors, e => e.Field == "InviteFollowUp" && e.Message.Contains("has passed", StringComparison.Ordinal));
    }
}
