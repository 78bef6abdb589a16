using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Mailings;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>
/// The progress pages agree with themselves: a mailing's counts and its recipients' rows come from one read, and a
/// mail-out is "done" only once both its mailings are. Read while a real delivery to a loopback SMTP server runs.
/// </summary>
public sealed class ProgressSnapshotTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    [Fact]
    public async Task While_a_mailing_is_delivered_every_snapshot_has_totals_that_match_its_rows_on_the_page_and_in_the_json()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 291, followUp: false);
        var run = await s.PlanAsync();
        await s.RunJobAsync(run.Id);
        var mailingId = (await s.GetAsync(run.Id)).ReportMailingId!.Value;
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);

        // Slow the server down a little, so the snapshots below catch the mailing part-way.
        app.Smtp.Rule = to => { if (to.Contains(s.Tag, StringComparison.Ordinal)) { Thread.Sleep(4); } return null; };
        try
        {
            var delivery = Task.Run(() => s.DeliverAsync(mailingId));
            var partWay = 0;
            var snapshots = 0;
            while (!delivery.IsCompleted || snapshots == 0)
            {
                var snap = (await app.Run<GetMailingSnapshot, GetMailingSnapshot.Snapshot?>(g => g.HandleAsync(mailingId, 1000, DateTime.UtcNow, CancellationToken.None)))!;
                AssertAgrees(snap.Mailing.Total, snap.Mailing.Queued, snap.Mailing.Sending, snap.Mailing.Sent, snap.Recipients.Select(r => r.Status).ToList());
                var json = await web.Client.GetFromJsonAsync<JsonElement>($"/api/roundtables/{s.RoundtableId}/mailings/{mailingId}/progress");
                AssertAgrees(json.GetProperty("total").GetInt32(), json.GetProperty("queued").GetInt32(), json.GetProperty("sending").GetInt32(), json.GetProperty("sent").GetInt32(),
                    json.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToList());
                if (snap.Mailing.Sent is > 0 and < 300)
                {
                    partWay++;
                }
                snapshots++;
            }
            await delivery;
            Assert.True(partWay > 0, $"No snapshot of {snapshots} caught the mailing part-way.");

            // The page renders the same read: its counts and its rows.
            var page = await web.GetPageAsync($"/roundtables/{s.RoundtableId}/mailings/{mailingId}");
            Assert.Equal("300", page.QuerySelector("[data-field=Sent]")!.TextContent);
            Assert.Equal(300, page.QuerySelectorAll("#recipients [data-col=status]").Count(b => b.TextContent == "sent"));
            Assert.Equal(300, page.QuerySelectorAll("#recipients [data-col=resend]:not([hidden])").Length);
        }
        finally
        {
            app.Smtp.Rule = _ => null;
        }
    }

    [Fact]
    public async Task A_run_whose_job_is_done_is_sending_until_both_its_mailings_are_finished()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 2, newInvitees: 2);
        var run = await s.PlanAsync();
        await s.RunJobAsync(run.Id);
        var done = await s.GetAsync(run.Id);
        Assert.Equal("done", done.Status);

        var queued = await s.ProgressAsync(run.Id);
        Assert.Equal("sending", queued.State);
        Assert.False(queued.MailingsFinished);
        Assert.Equal("Mailings queued: sending…", queued.Headline);

        await s.DeliverAsync(done.ReportMailingId);
        var halfWay = await s.ProgressAsync(run.Id);
        Assert.True(halfWay.Report!.Progress.Finished);
        Assert.False(halfWay.Invitations!.Progress.Finished);
        Assert.Equal("sending", halfWay.State);

        // The run page says the same: "sending", in its badge, while the invitations still go.
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var page = await web.GetPageAsync($"/roundtables/{s.RoundtableId}/followup/runs/{run.Id}");
        Assert.Equal("sending", page.QuerySelector("[data-field=state]")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#run")!.GetAttribute("data-live"));

        await s.DeliverAsync(done.InvitationMailingId);
        var finished = await s.ProgressAsync(run.Id);
        Assert.Equal("done", finished.State);
        Assert.True(finished.MailingsFinished);
        Assert.Equal(11, finished.Report!.Progress.Sent);
        Assert.Equal(13, finished.Invitations!.Progress.Sent);
        page = await web.GetPageAsync($"/roundtables/{s.RoundtableId}/followup/runs/{run.Id}");
        Assert.Equal("done", page.QuerySelector("[data-field=state]")!.TextContent);
        Assert.Equal("false", page.QuerySelector("#run")!.GetAttribute("data-live"));
    }

    [Fact]
    public async Task A_run_planned_before_editions_were_chosen_stops_before_publishing_anything_and_says_why()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        var edition = await s.AssembleAsync();
        var run = await s.PlanAsync("save", f => f.Edition = edition);
        await using (var conn = await app.Db.OpenAsync())
        {
            // What such a run looks like in an older database: running, no edition chosen.
            await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE followup_runs SET status = 'running', chosen_edition_id = NULL WHERE id = @id", new { id = run.Id });
        }
        await s.RunJobAsync(run.Id);
        var stopped = await s.GetAsync(run.Id);
        Assert.Equal("stopped", stopped.Status);
        Assert.Contains("names no edition", stopped.Problem);
        Assert.Contains("Nothing was published or mailed", stopped.Problem);
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId"));
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM report_editions WHERE roundtable_id = @roundtableId"));
        Assert.True(await s.App.Run<ChangeMailOutRun, bool>(c => c.CancelAsync(s.RoundtableId, run.Id, CancellationToken.None)));
    }

    private static void AssertAgrees(int total, int queued, int sending, int sent, IReadOnlyList<string> rows)
    {
        Assert.Equal(total, rows.Count);
        Assert.Equal(queued, rows.Count(r => r == "queued"));
        Assert.Equal(sending, rows.Count(r => r == "sending"));
        Assert.Equal(sent, rows.Count(r => r == "sent"));
    }
}
