using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Mailings;
using SmtpServer.Protocol;

namespace Roundtable.Tests.Features.Mailings;

/// <summary>
/// Delivery through a real Hangfire server and a real SMTP server on loopback: nothing here calls the job; the mailing
/// is queued and the test only watches the outbox. (Retries come after 1 s; see <see cref="MailAppFactory"/>.)
/// </summary>
public sealed class DeliverMailingEndToEndTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    [Fact]
    public async Task A_4xx_reply_is_retried_by_the_run_the_job_scheduled_and_a_5xx_fails_with_the_servers_text()
    {
        // Without the minutely sweeper, only the run DeliverMailingJob schedules for its waiting rows can send the retry.
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists("outbox-sweep");
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Relay", 5);
        var refusals = 0;
        app.Smtp.Rule = to => to switch
        {
            "relay001@invitees.example.org" when Interlocked.Increment(ref refusals) == 1 =>
                new SmtpResponse(SmtpReplyCode.Unavailable, "Mailbox busy, try again later"),
            "relay003@invitees.example.org" => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such user here"),
            _ => null,
        };
        try
        {
            var sent = await app.InviteAsync(roundtableId, participations);

            var rows = await WaitForAsync(sent.MailingId, rows => rows.Any(r => r.Address == "relay001@invitees.example.org" && r.Status == "sent"));
            var retried = rows.Single(r => r.Address == "relay001@invitees.example.org");
            Assert.Equal(2, retried.Attempts);
            Assert.Equal(2, refusals); // refused once, then accepted
            Assert.Single(app.Smtp.To("relay001@invitees.example.org"));

            var failed = rows.Single(r => r.Address == "relay003@invitees.example.org");
            Assert.Equal("failed", failed.Status);
            Assert.Equal(550, failed.LastSmtpCode);
            Assert.Contains("No such user here", failed.LastSmtpText);
            Assert.Equal(1, failed.Attempts);
            Assert.Empty(app.Smtp.To("relay003@invitees.example.org"));

            Assert.Equal(new Dictionary<string, int> { ["sent"] = 4, ["failed"] = 1 }, await app.OutboxCountsAsync(sent.MailingId));
            Assert.All(rows.Where(r => r.Address != "relay003@invitees.example.org"), r => Assert.Single(app.Smtp.To(r.Address)));
        }
        finally
        {
            app.Smtp.Rule = _ => null;
        }
    }

    /// <summary>Polls the mailing's recipients until <paramref name="done"/> holds, for at most 30 seconds.</summary>
    private async Task<IReadOnlyList<ListMailingRecipients.Row>> WaitForAsync(long mailingId, Func<IReadOnlyList<ListMailingRecipients.Row>, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = await app.Run<ListMailingRecipients, IReadOnlyList<ListMailingRecipients.Row>>(async l => (await l.HandleAsync(mailingId, 1000, CancellationToken.None)).Rows);
            if (done(rows))
            {
                return rows;
            }
            Assert.True(DateTime.UtcNow < until, "Timed out: " + string.Join(", ", rows.Select(r => $"{r.Address} {r.Status} ({r.Attempts}) {r.LastSmtpText}")));
            await Task.Delay(100);
        }
    }
}
