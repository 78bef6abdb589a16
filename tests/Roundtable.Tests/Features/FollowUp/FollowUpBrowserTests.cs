using OpenQA.Selenium;
using Roundtable.Tests.Features.Invitations;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.FollowUp;

/// <summary>The mail-out in Debian's chromium: the form's own script and its confirmation, and the run page following both mailings live.</summary>
public sealed class FollowUpBrowserTests(MailKestrelAppFactory app) : IClassFixture<MailKestrelAppFactory>
{
    [Fact]
    public async Task An_organizer_chooses_an_edition_unticks_one_recipient_confirms_the_edition_by_its_number_and_watches_both_mailings_finish_live()
    {
        var s = await FollowUpScenario.CreateAsync(app, guests: 30, newInvitees: 2);
        Assert.Equal(1, await s.AssembleAsync());
        Assert.Equal(2, await s.AssembleAsync());
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.Report.OrganizerEmail);

        browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}");
        browser.Find("#follow-up-summary a[href$='/followup']").Click();
        browser.Find("#mail-out");
        browser.WaitForPage();
        browser.WaitForText("[data-count]", "39");
        Assert.True(browser.Find("input[name='Form.Edition'][value='2']").Selected);
        Assert.EndsWith($"/roundtables/{s.RoundtableId}/report/editions/2", browser.Find("[data-edition='2'] a").GetAttribute("href"));
        browser.WaitForText("[data-confirm-text]", "Mail edition 2 to 39 recipients");
        Click(browser, $"#to-{s.Report.Quiet}");
        browser.WaitForText("[data-count]", "38");
        browser.WaitForText("[data-confirm-text]", "Mail edition 2 to 38 recipients");
        Click(browser, "[data-check=default]");
        browser.WaitForText("[data-count]", "39");
        Click(browser, $"#to-{s.Report.Quiet}");
        browser.WaitForText("[data-count]", "38");

        // Not confirmed: refused, and the page comes back with the choices as they were.
        Click(browser, "button[value=start]");
        browser.WaitForText(".errors li", "Confirm the mail-out: tick “Mail edition 2 …” to say this is the edition that goes out.");
        Assert.False(browser.Find($"#to-{s.Report.Quiet}").Selected);
        browser.WaitForText("[data-confirm-text]", "Mail edition 2 to 38 recipients");

        // Another edition chosen: the confirmation follows it and is ticked again only by the organizer.
        Click(browser, "#Form_ConfirmEdition");
        Click(browser, "input[name='Form.Edition'][value='1']");
        browser.WaitForText("[data-confirm-text]", "Mail edition 1 to 38 recipients");
        Assert.False(browser.Find("#Form_ConfirmEdition").Selected);
        Click(browser, "input[name='Form.Edition'][value='2']");
        browser.WaitForText("[data-confirm-text]", "Mail edition 2 to 38 recipients");
        Click(browser, "#Form_ConfirmEdition");
        Assert.Equal("2", browser.Find("#Form_ConfirmEdition").GetAttribute("value"));
        browser.Screenshot("followup-mail-out-page");

        Click(browser, "button[value=start]");
        // No reload by the test: the page follows the run and its mailings by itself.
        browser.Wait(d => d.FindElement(By.CssSelector("[data-field=headline]")).Text == "Complete: every mailing is finished.", 60);
        Assert.Equal("done", browser.Find("[data-field=state]").Text);
        Assert.Equal("Edition 2", browser.Find(".run-step[data-step=edition]").Text);
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
