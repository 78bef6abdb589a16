using OpenQA.Selenium;
using Roundtable.Tests.Features.Invitations;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.FollowUp;

/// <summary>The mail-out in Debian's chromium: the form's own script, and the run page following both mailings live.</summary>
public sealed class FollowUpBrowserTests(MailKestrelAppFactory app) : IClassFixture<MailKestrelAppFactory>
{
    [Fact]
    public async Task An_organizer_unticks_one_recipient_publishes_and_mails_and_watches_both_mailings_finish_live()
    {
        var s = await FollowUpScenario.CreateAsync(app, guests: 30, newInvitees: 2);
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.Report.OrganizerEmail);

        browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}");
        browser.Find("#follow-up-summary a[href$='/followup']").Click();
        browser.Find("#mail-out");
        browser.WaitForPage();
        browser.WaitForText("[data-count]", "39");
        Click(browser, $"#to-{s.Report.Quiet}");
        browser.WaitForText("[data-count]", "38");
        Click(browser, "[data-check=default]");
        browser.WaitForText("[data-count]", "39");
        Click(browser, $"#to-{s.Report.Quiet}");
        browser.WaitForText("[data-count]", "38");
        browser.Screenshot("followup-mail-out-page");

        Click(browser, "button[value=start]");
        // No reload by the test: the page follows the run and its mailings by itself.
        browser.Wait(d => d.FindElement(By.CssSelector("[data-field=headline]")).Text == "Complete: every mailing is finished.", 60);
        var sent = browser.Driver.FindElements(By.CssSelector(".mailing-progress [data-field=Sent]")).Select(e => e.Text).ToList();
        Assert.Equal(["38", "41"], sent);
        Assert.Equal(4, browser.Driver.FindElements(By.CssSelector(".run-step.step-done")).Count);
        browser.Screenshot("followup-run-page");

        browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}/report/deliveries");
        Assert.Equal(38, browser.Driver.FindElements(By.CssSelector("#deliveries tbody tr")).Count);
        browser.Screenshot("followup-deliveries-page");
        browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}/reconvene");
        browser.Find("#reconvene");
        browser.Screenshot("followup-reconvene-page");
        Assert.DoesNotContain(app.Smtp.To($"quentin.quiet-{s.Tag}@report.example.org"), m => m.Subject!.StartsWith("Report", StringComparison.Ordinal));
    }

    /// <summary>Clicks in the middle of the window: the mail-out's action bar sticks to the bottom edge, where Selenium would scroll to.</summary>
    private static void Click(Browser browser, string css)
    {
        var element = browser.Find(css);
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("arguments[0].scrollIntoView({ block: 'center' })", element);
        element.Click();
    }
}
