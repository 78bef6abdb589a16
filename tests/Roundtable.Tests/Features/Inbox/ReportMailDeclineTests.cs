using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Tests.Features.MailOut;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Inbox;

namespace Roundtable.Tests.Features.Inbox;

/// <summary>
/// Declining report mail: every report message carries a signed one-click link (List-Unsubscribe and
/// List-Unsubscribe-Post, RFC 8058, and in the text); a POST to it, without cookies, stops further report mail to that
/// person, and the next mailing skips them with the reason. Opening the link changes nothing.
/// </summary>
public sealed class ReportMailDeclineTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    [Fact]
    public async Task Report_mail_carries_a_one_click_decline_that_stops_the_next_report_mail_and_opening_the_link_changes_nothing()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        var run = await s.PlanAsync();
        await s.RunJobAsync(run.Id);
        var done = await s.GetAsync(run.Id);
        await s.DeliverAsync(done.ReportMailingId);
        var reports = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.Contains(s.Tag, StringComparison.Ordinal)
            && m.Subject!.StartsWith("Report:", StringComparison.Ordinal)).ToList();
        Assert.Equal(s.Attendees.Count(), reports.Count);
        Assert.All(reports, m =>
        {
            Assert.Equal("List-Unsubscribe=One-Click", m.Headers["List-Unsubscribe-Post"]);
            Assert.Matches("^<http://localhost/mail/decline/[^>]+>$", m.Headers["List-Unsubscribe"]);
            Assert.Contains(m.Headers["List-Unsubscribe"]!.Trim('<', '>'), m.TextBody);
        });
        // Each person's own link.
        Assert.Equal(reports.Count, reports.Select(m => m.Headers["List-Unsubscribe"]).Distinct().Count());

        var nora = reports.Single(m => m.To.Mailboxes.Single().Address.StartsWith("nora.named-", StringComparison.Ordinal));
        var link = new Uri(nora.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        // A mail scanner opening the link declines nothing.
        var opened = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Receive no further reports by mail", await opened.Content.ReadAsStringAsync());
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM people WHERE report_mail_declined_at IS NOT NULL AND email LIKE @p", new { p = "%" + s.Tag + "%" }));
        // A forged link finds nobody.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync(link.PathAndQuery + "x", new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]))).StatusCode);
        // The mail client's one-click POST, with no cookie and no antiforgery token.
        var clicked = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.Contains("will receive no further reports by mail", await clicked.Content.ReadAsStringAsync());
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM people WHERE report_mail_declined_at IS NOT NULL AND email LIKE @p", new { p = "%" + s.Tag + "%" }));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([]))).StatusCode); // twice: still fine

        // The next report mailing (a corrected edition, mailed again) skips her, with the reason the organizer sees.
        var again = await s.PlanAsync();
        await s.RunJobAsync(again.Id);
        var second = await s.GetAsync(again.Id);
        Assert.NotEqual(done.ReportMailingId, second.ReportMailingId);
        Assert.Equal(s.Attendees.Count() - 1, await s.CountAsync("SELECT COUNT(*) FROM outbox WHERE mailing_id = @id", new { id = second.ReportMailingId }));
        await using var conn = await app.Db.OpenAsync();
        var reason = await conn.ExecuteScalarAsync<string>("SELECT reason FROM mailing_skips WHERE mailing_id = @id", new { id = second.ReportMailingId });
        Assert.StartsWith("Declined report mail on ", reason);
    }
}
