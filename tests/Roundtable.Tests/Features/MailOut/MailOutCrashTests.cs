using Dapper;
using Roundtable.Tests.Support;
using Xunit.Abstractions;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>Seeds the database the separate app process works on; runs no jobs itself.</summary>
public sealed class CrashSeedApp : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:Server"] = "false" };
}

/// <summary>The built app as its own process, killed with SIGKILL in the middle of a mail-out of thousands, and started again.</summary>
public sealed class MailOutCrashTests(CrashSeedApp app, ITestOutputHelper output) : IClassFixture<CrashSeedApp>
{
    private const int Guests = 3000;
    private const int InFlightAtMost = 4 * 50; // Mail:Connections (the default) x Mail:BatchSize (50 in ExternalApp): claimed, maybe sent, not yet recorded

    [Fact]
    public async Task Killed_mid_way_and_started_again_every_recipient_gets_the_report_and_repeats_are_only_the_messages_in_flight_with_their_message_id()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: Guests, followUp: false);
        var expected = s.Attendees.ToHashSet();
        var edition = (await s.AssembleAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var smtp = new CountingSmtpServer();
        using var process = new ExternalApp(app.Folder, smtp.Port, app.PostgresConnectionString);
        await process.StartAsync();
        using (var web = process.Session())
        {
            await web.SignInAsync(s.Report.OrganizerEmail, AppFactory.Password);
            var started = await web.PostFormAsync($"/roundtables/{s.RoundtableId}/followup", $"/roundtables/{s.RoundtableId}/followup",
                new() { ["Form.Action"] = "start", ["Form.Edition"] = edition, ["Form.ConfirmEdition"] = edition, ["Form.InviteFollowUp"] = "false" });
            Assert.True(started.StatusCode == System.Net.HttpStatusCode.Redirect, process.Log);
        }

        // First kill: while the job is still writing the report mailing's pages, if we catch it there.
        // On PostgreSQL (several nodes) a run held by a dead node resumes when its 5-minute lease runs out, longer than
        // this test waits, so there the kill comes only while sending, where claims are short (Mail:ClaimSeconds).
        var caughtQueuing = !TestDatabase.IsPostgres && await WaitAsync(() => Scalar("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @id AND report_cursor > 0 AND report_queued_at IS NULL"), seconds: 30, orDone: () =>
            Scalar("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @id AND report_queued_at IS NOT NULL"));
        if (caughtQueuing)
        {
            process.Kill();
            output.WriteLine($"Killed while queuing, cursor at participation {Scalar("SELECT report_cursor FROM followup_runs WHERE roundtable_id = @id")}.");
            await process.StartAsync();
        }

        // Second kill: in the middle of sending.
        await WaitAsync(() => smtp.Received.Count >= expected.Count / 3 ? 1 : 0, seconds: 120);
        process.Kill();
        var atKill = smtp.Received.Count;
        var outboxAtKill = Scalar("SELECT COUNT(*) FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @id AND o.status = 'sent'");
        output.WriteLine($"Killed while sending: {atKill} received, {outboxAtKill} recorded as sent.");
        Assert.True(atKill < expected.Count, "The mail-out finished before the kill; the test proves nothing.");

        await process.StartAsync();
        await WaitAsync(() => smtp.Received.Select(r => r.To).Distinct().Count() >= expected.Count ? 1 : 0, seconds: 180);
        await WaitAsync(() => Scalar("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @id AND status = 'done'"), seconds: 30);
        await Task.Delay(1500);
        process.Kill();

        var received = smtp.Received.ToList();
        Assert.Equal(expected.Order(), received.Select(r => r.To).Distinct().Order());
        Assert.All(received, r => Assert.True(r.Size > 50_000, $"{r.To} got {r.Size} bytes: no PDF attached?"));
        var repeated = received.GroupBy(r => r.To).Where(g => g.Count() > 1).ToList();
        output.WriteLine($"{received.Count} messages for {expected.Count} recipients; {repeated.Count} repeated.");
        Assert.All(repeated, g => Assert.Single(g.Select(r => r.MessageId).Distinct()));
        Assert.InRange(received.Count - expected.Count, 0, InFlightAtMost * (caughtQueuing ? 2 : 1));
        Assert.Equal(expected.Count, Scalar("SELECT COUNT(*) FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @id AND o.status = 'sent'"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @id"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM report_editions WHERE roundtable_id = @id"));

        long Scalar(string sql)
        {
            using var conn = app.Db.Open();
            return conn.ExecuteScalar<long>(sql, new { id = s.RoundtableId });
        }
    }

    private static async Task<bool> WaitAsync(Func<long> condition, int seconds, Func<long>? orDone = null)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (condition() == 0)
        {
            if (orDone?.Invoke() > 0)
            {
                return false;
            }
            Assert.True(DateTime.UtcNow < until, "Timed out.");
            await Task.Delay(20);
        }
        return true;
    }
}
