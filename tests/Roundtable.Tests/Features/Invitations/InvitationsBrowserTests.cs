using Dapper;
using OpenQA.Selenium;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Invitations;

public sealed class MailKestrelAppFactory : KestrelAppFactory
{
    public SmtpTestServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:From"] = "invitations@institute.example.org",
        ["Mail:PublicBaseUrl"] = "http://localhost",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The pages in Debian's chromium: the scripts the CSP allows really run (live progress, live preview).</summary>
public sealed class InvitationsBrowserTests(MailKestrelAppFactory app) : IClassFixture<MailKestrelAppFactory>
{
    [Fact]
    public async Task An_organizer_sends_invitations_watches_the_mailing_finish_and_previews_a_template_live()
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Browser", 12);
        await app.ParticipantAsync(roundtableId, await app.PersonAsync("Nomail Person", ""));
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, "org-browser@tests.example.org");

        browser.Go($"{app.BaseUrl}/roundtables/{roundtableId}/invitations");
        browser.Find("#invitees");
        browser.Screenshot("inv-invitations-page");
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("document.getElementById('send-invitations').removeAttribute('data-confirm')");
        // A double click: the page sends the form once. Without its key (which the server would catch), only the page's
        // own guard stands between the second click and a second mailing.
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("""
            document.querySelector('#send-invitations input[name=sendKey]').remove();
            const b = document.querySelector('#send-invitations button[type=submit]');
            b.click();
            setTimeout(() => b.click(), 30);
            """);
        browser.Wait(d => d.FindElement(By.CssSelector("[data-field=State]")).Text == "finished", 30);
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId", new { roundtableId }));
        }
        Assert.Equal("12", browser.Find("[data-field=Sent]").Text);
        Assert.Contains("Nomail Person", browser.Find("#skipped").Text);
        browser.Screenshot("inv-mailing-page");

        // Back on the invitations page, only those not invited yet are listed (and ticked).
        browser.Go($"{app.BaseUrl}/roundtables/{roundtableId}/invitations");
        Assert.Equal(["Nomail Person"], browser.Driver.FindElements(By.CssSelector("#invitees tbody tr td:nth-child(2)")).Select(e => e.Text.Trim()));

        browser.Go($"{app.BaseUrl}/roundtables/{roundtableId}");
        Assert.Equal("12", browser.Find("#rsvp-summary [data-answer=invited]").Text);
        browser.Screenshot("inv-roundtable-overview");

        browser.Go($"{app.BaseUrl}/roundtables/{roundtableId}/templates/invitation");
        browser.Wait(d => d.FindElement(By.CssSelector("[data-preview=subject]")).Text.StartsWith("Invitation:", StringComparison.Ordinal));
        var subject = browser.Find("#Form_Subject");
        subject.Clear();
        subject.SendKeys("Please join us, {{ recipient.name }}");
        browser.Wait(d => d.FindElement(By.CssSelector("[data-preview=subject]")).Text == "Please join us, Browser Person000");
        subject.SendKeys(" {{ recipient.shoe_size }}");
        browser.Wait(d => d.FindElement(By.CssSelector("[data-preview=errors]")).Text.Contains("recipient.shoe_size"));
        browser.Screenshot("inv-template-editor");

        var mail = app.Smtp.Received.First();
        var link = mail.TextBody!.Split('\n').First(l => l.Contains("/rsvp/", StringComparison.Ordinal)).Trim().Split(' ').Last().Replace("http://localhost", app.BaseUrl);
        browser.Go(link);
        browser.Find("textarea#comment").SendKeys("Looking forward to it.");
        browser.Find(".rsvp form button[type=submit]").Click();
        Assert.Contains("I will attend", browser.Find("#answered").Text);
        browser.Screenshot("inv-rsvp-page");
    }
}
