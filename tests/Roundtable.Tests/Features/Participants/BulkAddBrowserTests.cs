using OpenQA.Selenium;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Participants;

/// <summary>An organizer in headless Debian chromium searches the directory, ticks everyone found, and adds them in one go.</summary>
public sealed class BulkAddBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Organizer_searches_the_directory_ticks_everyone_found_and_adds_them_at_once()
    {
        var org = await app.CreateUserAsync("bulk@browser.example.org", Roles.Organizer, name: "Bulk Organizer");
        var rid = await app.RoundtableAsync(org, "Forty in minutes");
        foreach (var name in new[] { "Agnes Harbourline", "Bruno Harbourline", "Celia Harbourline", "Dev Harbourline" })
        {
            await app.PersonAsync(name, name.Split(' ')[0].ToLowerInvariant() + "@harbourline.example.org");
        }
        var present = await app.PersonAsync("Emil Harbourline", "emil@harbourline.example.org");
        await app.ParticipantAsync(rid, present, true, "organizer");
        await app.PersonAsync("Fritz Unrelated", "fritz@elsewhere.example.org");
        var baseUrl = app.BaseUrl;
        using var browser = new Browser();
        browser.SignIn(baseUrl, "bulk@browser.example.org");

        browser.Go($"{baseUrl}/roundtables/{rid}/participants");
        browser.WaitForPage();
        browser.Find("#bulk-q").SendKeys("harbourline" + Keys.Enter);
        browser.Wait(d => d.FindElements(By.CssSelector("#directory-results tbody tr")).Count == 5);
        browser.WaitForPage();
        // Emil is on the roundtable already: shown, with nothing to tick.
        var emil = browser.Driver.FindElements(By.CssSelector("#directory-results tbody tr")).Single(r => r.Text.Contains("Emil Harbourline"));
        Assert.Contains("already on this roundtable", emil.Text);
        Assert.Empty(emil.FindElements(By.CssSelector("input")));
        Assert.DoesNotContain("Fritz Unrelated", browser.Find("#directory-results").Text);

        // "Tick all" (a script) ticks the four who can be added; one is unticked again by clicking her name.
        browser.Find("#find-all").Click();
        Assert.Equal(4, browser.Driver.FindElements(By.CssSelector("input[name='BulkAdd.PersonIds']:checked")).Count);
        browser.Driver.FindElements(By.CssSelector("#directory-results label")).Single(l => l.Text == "Dev Harbourline").Click();
        Assert.Equal(3, browser.Driver.FindElements(By.CssSelector("input[name='BulkAdd.PersonIds']:checked")).Count);
        Assert.False(browser.Find("#find-all").Selected);
        browser.Screenshot("participants-bulk-add");

        browser.Find("input[name='BulkAdd.Roles'][value='presenter']").Click();
        browser.Find("input[name='BulkAdd.MayBeNamed']").Click();
        browser.Find("#bulk-add-form button[type=submit]").Click();
        browser.WaitForText(".flash", "3 participants added.");
        var table = browser.Find("#participants").Text;
        foreach (var name in new[] { "Agnes Harbourline", "Bruno Harbourline", "Celia Harbourline", "Emil Harbourline" })
        {
            Assert.Contains(name, table);
        }
        Assert.DoesNotContain("Dev Harbourline", table);
        var agnes = browser.Driver.FindElements(By.CssSelector("#participants tbody tr")).Single(r => r.Text.Contains("Agnes Harbourline"));
        Assert.Contains("presenter", agnes.Text);
        Assert.Contains("participant", agnes.Text);
        Assert.Contains("may be named", agnes.Text);
        browser.Screenshot("participants-after-bulk-add");
    }
}
