using OpenQA.Selenium;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>The workspace's statement tools, clicked in headless chromium: split, merge, reorder, delete, restore, add.</summary>
public sealed class WorkspaceToolsBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private static IWebElement Card(Browser b, int index) => b.Wait(d => d.FindElements(By.CssSelector("li.stmt"))[index]);

    private static void Tool(Browser b, int index, string act) => Card(b, index).FindElement(By.CssSelector($"button[data-act='{act}']")).Click();

    private static void AfterReload(Browser b, IWebElement old)
    {
        b.Wait(_ => IsGone(old));
        b.Wait(d => d.FindElement(By.Id("workspace")).GetAttribute("data-ready") == "1");
    }

    // The page reloaded after a structural change once the element we held is no longer in the document.
    private static bool IsGone(IWebElement element)
    {
        try
        {
            _ = element.TagName;
            return false;
        }
        catch (WebDriverException)
        {
            // Stale, or (chromium, mid-navigation) "node does not belong to the document".
            return true;
        }
    }

    [Fact]
    public async Task Split_merge_reorder_delete_restore_and_add_from_the_workspace()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var a = await s.AddAsync(s.One, s.Tate, "noted one thing. He then noted another.");
        var b = await s.AddAsync(s.One, s.Nwosu, "replied briefly.");
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.AnnEmail);
        browser.Go(app.BaseUrl + s.Page(s.One));
        browser.Wait(d => d.FindElement(By.Id("workspace")).GetAttribute("data-ready") == "1");

        var first = Card(browser, 0);
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("const t = arguments[0]; t.focus(); t.setSelectionRange(17, 17);", first.FindElement(By.CssSelector("textarea")));
        Tool(browser, 0, "split");
        AfterReload(browser, first);
        Assert.Equal(["noted one thing.", "He then noted another.", "replied briefly."], (await s.GetAsync(s.One)).Statements.Select(x => x.Text));

        first = Card(browser, 0);
        Tool(browser, 0, "merge");
        AfterReload(browser, first);
        Assert.Equal(["noted one thing. He then noted another.", "replied briefly."], (await s.GetAsync(s.One)).Statements.Select(x => x.Text));

        Tool(browser, 0, "down");
        browser.Wait(_ => s.GetAsync(s.One).Result.Statements.Select(x => x.Id).SequenceEqual([b.Id, a.Id]));

        first = Card(browser, 0);
        Tool(browser, 0, "delete");
        browser.Driver.SwitchTo().Alert().Accept();
        AfterReload(browser, first);
        Assert.Equal([a.Id], (await s.GetAsync(s.One)).Statements.Select(x => x.Id));

        browser.Find("#deleted summary").Click();
        var restore = browser.Find($"#deleted li[data-id='{b.Id}'] button[data-act='restore']");
        restore.Click();
        AfterReload(browser, restore);
        Assert.Equal([b.Id, a.Id], (await s.GetAsync(s.One)).Statements.Select(x => x.Id));

        browser.Find("#add-statement").Click();
        var added = Card(browser, 2);
        added.FindElement(By.CssSelector("textarea")).SendKeys("asked a last question?");
        browser.Find("#summary-text").Click();
        browser.Wait(_ => added.FindElement(By.CssSelector(".save-state")).Text == "Saved");
        var last = (await s.GetAsync(s.One)).Statements[^1];
        Assert.Equal(("asked a last question?", null, "A participant"), (last.Text, last.SpeakerParticipationId, last.Label));
        browser.Wait(_ => added.FindElement(By.CssSelector(".stmt-label")).Text == "A participant");
    }
}
