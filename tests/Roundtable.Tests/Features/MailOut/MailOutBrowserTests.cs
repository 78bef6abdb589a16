using OpenQA.Selenium;
using Roundtable.Tests.Features.Invitations;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>The mail-out in Debian's chromium: the form's own script and its confirmation, and the run page following both mailings live.</summary>
public sealed class MailOutBrowserTests(MailKestrelAppFactory app) : IClassFixture<MailKestrelAppFactory>
{
    [Fact]
    public async Task An_organizer_chooses_an_edition_unticks_one_recipient_confirms_the_edition_by_its_number_and_watches_both_mailings_finish_live()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 30, newInvitees: 2);
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

    [Fact]
    public async Task The_mailing_page_updates_every_recipients_row_and_the_counts_together_without_a_reload()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 20, followUp: false);
        // A relay that holds the mailing until the page is open, then takes its time, so the page watches it go out.
        using var open = new ManualResetEventSlim();
        app.Smtp.Rule = to =>
        {
            if (to.Contains(s.Tag, StringComparison.Ordinal))
            {
                open.Wait(TimeSpan.FromSeconds(60));
                Thread.Sleep(250);
            }
            return null;
        };
        try
        {
            using var browser = new Browser();
            browser.SignIn(app.BaseUrl, s.Report.OrganizerEmail);
            var run = await s.PlanAsync();
            MailOutRun? queued = null;
            for (var i = 0; i < 200 && queued?.ReportQueuedAt is null; i++)
            {
                await Task.Delay(100);
                queued = await s.GetAsync(run.Id);
            }
            var mailingId = queued!.ReportMailingId;
            var queuedAt = DateTime.UtcNow;
            browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}/mailings/{mailingId}");
            browser.Find("#recipients");
            browser.WaitForPage();
            var js = (IJavaScriptExecutor)browser.Driver;
            js.ExecuteScript("window.sameDocument = true;");
            var partWay = 0;
            var samples = new List<string> { $"{queuedAt:ss.fff} queued", $"{DateTime.UtcNow:ss.fff} page open" };
            var until = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                // One script reads the counts and the rows at one moment of the page.
                var seen = (IReadOnlyCollection<object>)js.ExecuteScript("""
                    return [document.querySelector('[data-field=Sent]').textContent,
                            document.querySelectorAll('#recipients [data-col=status]').length,
                            [...document.querySelectorAll('#recipients [data-col=status]')].filter(b => b.textContent === 'sent').length,
                            document.querySelectorAll('#recipients [data-col=resend]:not([hidden])').length,
                            window.sameDocument === true,
                            document.querySelector('[data-field=Sending]').textContent,
                            [...document.querySelectorAll('#recipients [data-col=status]')].filter(b => b.textContent === 'sending').length];
                    """)!;
                var v = seen.Select(o => Convert.ToInt32(o is bool b ? (b ? 1 : 0) : o, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                samples.Add($"{DateTime.UtcNow:ss.fff} {v[0]}/{v[5]}");
                Assert.Equal(1, v[4]);
                Assert.Equal(29, v[1]);
                Assert.Equal(v[0], v[2]);
                Assert.Equal(v[0], v[3]);
                Assert.Equal(v[5], v[6]);
                if (v[5] > 0)
                {
                    partWay++;
                }
                open.Set();
                if (v[0] == 29)
                {
                    break;
                }
                Assert.True(DateTime.UtcNow < until, $"The page still shows {v[0]} of 29 sent.");
                await Task.Delay(100);
            }
            Assert.True(partWay > 0, $"The page was never seen part-way through the mailing: {string.Join(", ", samples)}.");
            Assert.Equal("finished", browser.Find("[data-field=State]").Text);
            browser.Screenshot("followup-mailing-page-live");
        }
        finally
        {
            app.Smtp.Rule = _ => null;
        }
    }

    /// <summary>Clicks in the middle of the window: the mail-out's action bar sticks to the bottom edge, where Selenium would scroll to.</summary>
    private static void Click(Browser browser, string css)
    {
        var element = browser.Find(css);
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("arguments[0].scrollIntoView({ block: 'center' })", element);
        element.Click();
    }
}
