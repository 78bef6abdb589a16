using System.Globalization;
using System.Text.RegularExpressions;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Mailings;

namespace Roundtable.Tests.Features.Mailings;

/// <summary>Two connections that may claim up to 100 rows each, and jobs run by the test.</summary>
public sealed class LargeBatchAppFactory : MailAppFactory
{
    protected override bool RunJobs => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Mail:Connections"] = "2",
        ["Mail:BatchSize"] = "100",
    };
}

/// <summary>
/// A delivery worker claims what its connection sends in about a tenth of a second, up to Mail:BatchSize: into a slow
/// relay that is a few rows, so a cancel stops the mailing within a few messages, and a mailing of a few dozen is shared by
/// the connections instead of going out over the one that claimed it whole.
/// </summary>
public sealed class ClaimSizeTests(LargeBatchAppFactory app) : IClassFixture<LargeBatchAppFactory>
{
    private Task RunAsync(long mailingId) => app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(mailingId, CancellationToken.None); return true; });

    [Fact]
    public async Task A_mailing_of_a_few_dozen_goes_out_over_every_connection()
    {
        // One worker may claim twice before the other's thread starts: 40 leaves the second at least 20.
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Shared", 40);
        var sent = await app.InviteAsync(roundtableId, participations);
        app.Smtp.Delay = TimeSpan.FromMilliseconds(50);
        app.Smtp.ResetMostAtOnce();
        try
        {
            await RunAsync(sent.MailingId);
        }
        finally
        {
            app.Smtp.Delay = TimeSpan.Zero;
        }
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 40 }, await app.OutboxCountsAsync(sent.MailingId));
        Assert.Equal(2, app.Smtp.MostAtOnce);
    }

    [Fact]
    public async Task Cancelling_a_mailing_into_a_slow_relay_stops_it_within_a_few_messages()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Slow", 100);
        var sent = await app.InviteAsync(roundtableId, participations);
        app.Smtp.Delay = TimeSpan.FromMilliseconds(40);
        int attemptsAtCancel;
        try
        {
            var attempts = app.Smtp.Attempts;
            var run = RunAsync(sent.MailingId);
            // Each connection's first two claims are of 10; by then it knows its pace, and claims what it sends in about
            // a tenth of a second: two or three messages.
            using var web = await app.SignInAsync("org-slow@tests.example.org");
            var page = $"/roundtables/{roundtableId}/mailings/{sent.MailingId}";
            await app.Smtp.WaitForAsync(s => s.Attempts >= attempts + 46);
            var after = await web.SubmitAsync(page, page + "/cancel", []);
            attemptsAtCancel = app.Smtp.Attempts - attempts;
            await run.WaitAsync(TimeSpan.FromSeconds(30));
            // "54 messages cancelled. 4 messages already on their way to the mail server will still go."
            var flash = after.QuerySelector(".flash")!.TextContent;
            var cancelled = int.Parse(Regex.Match(flash, @"(\d+) messages? cancelled").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(cancelled >= 100 - attemptsAtCancel - 16, $"{flash} ({attemptsAtCancel} attempts when cancelled)");
            Assert.Matches(@"^\d+ messages cancelled\. (1 message already on its|\d+ messages already on their) way to the mail server will still go\.$", flash.Trim());
        }
        finally
        {
            app.Smtp.Delay = TimeSpan.Zero;
        }

        // What the workers had claimed still went out: a few messages each, not the rest of the mailing.
        var counts = await app.OutboxCountsAsync(sent.MailingId);
        Assert.Empty(counts.Keys.Except(["sent", "cancelled"]));
        Assert.InRange(counts["sent"] - attemptsAtCancel, 0, 16);
        Assert.Equal(100, counts["sent"] + counts["cancelled"]);
    }
}
