using OpenQA.Selenium;
using OpenQA.Selenium.Chromium;
using OpenQA.Selenium.Interactions;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>The rapporteur's pages in headless Debian chromium: live capture, conflicts, and payloads that must not run.</summary>
public sealed class ProceedingsBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private static bool Ready(IWebDriver d, string rootId) =>
        d.FindElement(By.Id(rootId)).GetAttribute("data-ready") == "1";

    // Ann, a rapporteur of the first presentation, on its workspace or its live capture, once the page's script is ready.
    private Browser Open(ProceedingsScenario s, string page)
    {
        var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.AnnEmail);
        browser.Go(app.BaseUrl + s.Page(s.One) + (page == "live" ? "/live" : ""));
        browser.Wait(d => Ready(d, page));
        return browser;
    }

    private static object? Js(Browser b, string script) => ((IJavaScriptExecutor)b.Driver).ExecuteScript(script);

    [Fact]
    public async Task Live_capture_of_ten_statements_with_only_the_keyboard_survives_a_reload_in_order()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var browser = Open(s, "live");
        Assert.Equal("live-speaker", browser.Driver.SwitchTo().ActiveElement().GetAttribute("id"));

        string[] speakers = ["Tat", "?", "Nwo", "Har", "Bill", "?", "Amara", "har", "tate", "Nw"];
        var keys = new Actions(browser.Driver);
        for (var i = 0; i < speakers.Length; i++)
        {
            keys.SendKeys(speakers[i]).SendKeys(Keys.Tab).SendKeys($"noted point number {i + 1}.").SendKeys(Keys.Enter);
        }
        keys.Perform();

        browser.Wait(d => d.FindElements(By.CssSelector("#live-list li.saved")).Count == 10, seconds: 20);
        browser.Driver.Navigate().Refresh();
        var items = browser.Wait(d => d.FindElements(By.CssSelector("#live-list li")) is { Count: 10 } found ? found : null)!;
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"noted point number {i}."), items.Select(li => li.Text[(li.Text.IndexOf(" noted", StringComparison.Ordinal) + 1)..]));

        var saved = (await s.GetAsync(s.One)).Statements;
        Assert.Equal([s.Tate, null, s.Nwosu, s.Harlan, s.Tate, null, s.Nwosu, s.Harlan, s.Tate, s.Nwosu], saved.Select(x => x.SpeakerParticipationId));
        Assert.Equal(["William Tate", "A participant", "Amara Nwosu", "The presenter", "William Tate", "A participant", "Amara Nwosu", "The presenter", "William Tate", "Amara Nwosu"],
            saved.Select(x => x.Label));
    }

    [Fact]
    public async Task Statements_captured_while_the_server_cannot_be_reached_are_kept_and_sent_when_it_can()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var browser = Open(s, "live");
        var chromium = (ChromiumDriver)browser.Driver;
        chromium.NetworkConditions = new ChromiumNetworkConditions { IsOffline = true };

        new Actions(browser.Driver).SendKeys("Tat").SendKeys(Keys.Tab).SendKeys("noted, offline, the first point.").SendKeys(Keys.Enter)
            .SendKeys("Nwo").SendKeys(Keys.Tab).SendKeys("replied, offline, to it.").SendKeys(Keys.Enter).Perform();
        browser.Wait(d => d.FindElement(By.Id("offline-banner")).Displayed);
        Assert.Equal(2L, Js(browser, "return JSON.parse(Object.entries(localStorage).find(([k]) => k.endsWith('live-queue'))[1]).items.length"));
        Assert.Empty((await s.GetAsync(s.One)).Statements);

        chromium.NetworkConditions = new ChromiumNetworkConditions { IsOffline = false };
        browser.Wait(d => d.FindElements(By.CssSelector("#live-list li.saved")).Count == 2, seconds: 20);
        Assert.Equal(["noted, offline, the first point.", "replied, offline, to it."], (await s.GetAsync(s.One)).Statements.Select(x => x.Text));
        Assert.False(browser.Find("#offline-banner").Displayed);
    }

    [Fact]
    public async Task A_stale_save_shows_the_conflict_with_both_texts_kept()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var st = await s.AddAsync(s.One, s.Tate, "noted that the ice was thin.");
        using var browser = Open(s, "workspace");

        // A second rapporteur (here the organizer) saves first.
        var theirs = await app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, st.Id,
            new StatementForm { SpeakerId = s.Tate, Kind = "remark", Text = "noted that the ice was thinning every year.", Revision = st.Revision }, s.OrganizerId, CancellationToken.None));
        Assert.True(theirs.Ok);

        var text = browser.Find($"li.stmt[data-id='{st.Id}'] textarea.stmt-text");
        text.SendKeys(Keys.End + " Mine: and the shelf with it.");
        browser.Find("#summary-text").Click(); // leaving the field saves at once

        var conflict = browser.Find($"li.stmt[data-id='{st.Id}'] .conflict");
        Assert.Equal("noted that the ice was thinning every year.", conflict.FindElement(By.CssSelector(".theirs-text")).Text);
        Assert.Equal("noted that the ice was thin. Mine: and the shelf with it.", conflict.FindElement(By.CssSelector(".mine-text")).GetAttribute("value"));
        Assert.Equal("noted that the ice was thinning every year.", (await s.GetAsync(s.One)).Statements.Single().Text);

        conflict.FindElement(By.CssSelector(".mine-text")).SendKeys(" Merged.");
        conflict.FindElement(By.CssSelector(".conflict-mine button")).Click();
        browser.Wait(d => d.FindElement(By.CssSelector($"li.stmt[data-id='{st.Id}'] .save-state")).Text == "Saved");
        Assert.Equal("noted that the ice was thin. Mine: and the shelf with it. Merged.", (await s.GetAsync(s.One)).Statements.Single().Text);
    }

    [Fact]
    public async Task A_draft_kept_by_the_browser_is_put_back_and_saved_when_the_workspace_opens_again()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var st = await s.AddAsync(s.One, s.Tate, "noted that the ice was thin.");
        using var browser = Open(s, "workspace");

        // What the tab kept when it was closed before the save went out (autosave's draft, as it writes one).
        Js(browser, $$"""
            localStorage.setItem('roundtable:draft:{{s.One}}:s:{{st.Id}}', JSON.stringify({
              payload: { speakerId: {{s.Tate}}, presenter: false, sameVoiceAs: null, labelForm: 'derived', audience: false, kind: 'remark', text: 'noted that the ice was thin, and thinning.' },
              revision: {{st.Revision}}, at: Date.now() }));
            return 0;
            """);
        browser.Go(app.BaseUrl + s.Page(s.One));
        browser.Wait(d => Ready(d, "workspace"));
        browser.Wait(d => d.FindElement(By.CssSelector($"li.stmt[data-id='{st.Id}'] .save-state")).Text == "Saved");
        Assert.Equal("noted that the ice was thin, and thinning.", browser.Find($"li.stmt[data-id='{st.Id}'] textarea.stmt-text").GetAttribute("value"));
        Assert.Equal("noted that the ice was thin, and thinning.", (await s.GetAsync(s.One)).Statements.Single().Text);
        Assert.Equal(0L, Js(browser, "return Object.keys(localStorage).filter(k => k.startsWith('roundtable:draft:')).length"));
    }

    [Fact]
    public async Task Script_and_onerror_payloads_in_a_statement_do_not_run()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.One, s.Tate, "noted <script>window.__xss = 1</script> twice.");
        await app.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(s.One,
            new SummaryForm { Text = "{presenter} said <video src=x onerror=\"window.__xss = 2\"></video> nothing.", Revision = 0 }, s.AnnUserId, CancellationToken.None));
        using var browser = Open(s, "workspace");

        // Typed in the browser too: saved, then the published column refreshes with it.
        var text = browser.Find("li.stmt textarea.stmt-text");
        text.SendKeys(Keys.End + " <video src=y onerror=\"window.__xss = 3\"></video><svg onload=\"window.__xss = 4\"></svg>");
        browser.Find("#summary-text").Click();
        browser.Wait(d => d.FindElement(By.CssSelector("li.stmt .save-state")).Text == "Saved");
        // Markdown with raw HTML disabled: the payload is shown as text in the refreshed published column.
        browser.Wait(d => d.FindElement(By.Id("published")).Text.Contains("onerror=\"window.__xss = 3\"", StringComparison.Ordinal));
        Assert.Null(Js(browser, "return window.__xss === undefined ? null : window.__xss"));

        foreach (var page in new[] { s.Page(s.One), s.Page(s.One) + "/review", s.Page(s.One) + "/live", $"/roundtables/{s.RoundtableId}/proceedings/preview" })
        {
            browser.Go(app.BaseUrl + page);
            browser.Find("h1");
            Assert.Null(Js(browser, "return window.__xss === undefined ? null : window.__xss"));
            Assert.Equal(0L, Js(browser, "return document.querySelectorAll('.published script, .published img, .published video, .published svg, [onerror], [onload]').length"));
        }
        Assert.Contains("<script>window.__xss = 1</script>", (await s.GetAsync(s.One)).Statements.Single().Text);
    }

    [Fact]
    public async Task A_rapporteur_opening_a_presentation_not_assigned_to_them_sees_not_allowed()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.AnnEmail);
        browser.Go(app.BaseUrl + s.Page(s.Two));
        Assert.Equal("Not allowed", browser.Find("h1").Text);
        browser.Go(app.BaseUrl + $"/roundtables/{s.RoundtableId}/proceedings");
        Assert.Contains("assigned to others", browser.Find($"tr[data-presentation-id='{s.Two}']").Text);
    }
}
