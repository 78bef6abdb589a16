using OpenQA.Selenium;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>An organizer in a real browser (headless Debian chromium): log in, create a roundtable, add a participant and two presentations.</summary>
public sealed class BrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Organizer_builds_a_roundtable_and_sees_initial_and_final_presentation()
    {
        await app.CreateUserAsync("browser@ui.example.org", Roles.Organizer, name: "Browser Organizer");
        await app.PersonAsync("Beatrice Speaker", "beatrice@ui.example.org");
        var baseUrl = app.BaseUrl;
        using var browser = new Browser();
        browser.SignIn(baseUrl, "browser@ui.example.org");

        browser.Go(baseUrl + "/roundtables/new");
        browser.Find("#Form_Title").SendKeys("Browser-built roundtable");
        SetValue(browser, "#Form_StartDate", "2027-09-15");
        SetValue(browser, "#Form_StartTime", "09:00");
        SetValue(browser, "#Form_EndTime", "17:00");
        browser.Find("#Form_Venue").SendKeys("Room 101");
        browser.Find("main form button[type=submit]").Click();
        browser.Wait(d => d.FindElement(By.CssSelector("h1")).Text == "Browser-built roundtable");

        browser.Find("nav.tabs a[href$='/participants']").Click();
        browser.Find("#Form_PersonId").FindElements(By.TagName("option")).Single(o => o.Text.StartsWith("Beatrice Speaker", StringComparison.Ordinal)).Click();
        browser.Find("input[name='Form.Roles'][value='presenter']").Click();
        browser.Find("input[name='Form.MayBeNamed']").Click();
        browser.Find("#add-participant button[type=submit]").Click();
        browser.Wait(d => d.FindElement(By.CssSelector("#participants")).Text.Contains("Beatrice Speaker"));

        browser.Find("nav.tabs a[href$='/agenda']").Click();
        foreach (var title in new[] { "Opening remarks", "Closing thoughts" })
        {
            browser.Find("#Form_Title").SendKeys(title);
            browser.Find("input[name='Form.PresenterIds']").Click();
            browser.Find("#add-presentation button[type=submit]").Click();
            browser.Wait(d => d.FindElement(By.CssSelector(".flash")).Text.Contains(title));
        }
        var labels = browser.Driver.FindElements(By.CssSelector("#agenda .ordinal")).Select(e => e.Text.Trim()).ToArray();
        browser.Screenshot("roundtable-agenda");
        Assert.Equal(2, labels.Length);
        Assert.Equal("INITIAL PRESENTATION", labels[0].ToUpperInvariant());
        Assert.Equal("FINAL PRESENTATION", labels[1].ToUpperInvariant());
        Assert.Contains("Initial Presentation", browser.Find("#agenda").GetAttribute("textContent"));
        Assert.Contains("Final Presentation", browser.Find("#agenda").GetAttribute("textContent"));
    }

    /// <summary>Date and time inputs take typed keys in the locale's order; setting the value is exact.</summary>
    private static void SetValue(Browser browser, string css, string value)
    {
        var element = browser.Find(css);
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", element, value);
    }
}
