using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Roundtable.Tests.Features.Proceedings;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Attribution;

/// <summary>Marking voices in live capture with the keyboard alone, in headless Debian chromium, and seeing the label as it will print.</summary>
public sealed class AttributionBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Live_capture_marks_an_unidentified_voice_as_the_same_as_an_earlier_one_and_shows_the_first_participant()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.AnnEmail);
        browser.Go(app.BaseUrl + s.Page(s.One) + "/live");
        browser.Wait(d => d.FindElement(By.Id("live")).GetAttribute("data-ready") == "1");

        new Actions(browser.Driver)
            .SendKeys("?").SendKeys(Keys.Tab).SendKeys("asked whether the ice would hold.").SendKeys(Keys.Enter)
            .SendKeys("?").SendKeys(Keys.Tab).SendKeys("doubted that it would.").SendKeys(Keys.Enter)
            // One key, pressed twice: back past the second voice to the first.
            .KeyDown(Keys.Alt).SendKeys("s").KeyUp(Keys.Alt).KeyDown(Keys.Alt).SendKeys("s").KeyUp(Keys.Alt)
            .SendKeys("insisted that it would.").SendKeys(Keys.Enter)
            // Or by number, typed where the speaker goes.
            .SendKeys("=2").SendKeys(Keys.Tab).SendKeys("was not persuaded.").SendKeys(Keys.Enter)
            .Perform();

        var items = browser.Wait(d => d.FindElements(By.CssSelector("#live-list li.saved .live-label")) is { Count: 4 } found
            && found.All(l => l.Text.Length > 0) ? found : null, seconds: 45)!;
        Assert.Equal(["prints as “A participant”:", "prints as “Another participant”:", "prints as “The first participant”:", "prints as “The second participant”:"],
            items.Select(l => l.Text));
        var saved = (await s.GetAsync(s.One)).Statements;
        Assert.Equal(["A participant", "Another participant", "The first participant", "The second participant"], saved.Select(x => x.Label));
        Assert.Equal([null, null, saved[0].Id, saved[1].Id], saved.Select(x => x.SameVoiceAs));

        // After a reload the list still says who each voice is and how it prints.
        browser.Driver.Navigate().Refresh();
        var text = browser.Wait(d => d.FindElements(By.CssSelector("#live-list li")) is { Count: 4 } found ? found : null)!.Select(li => li.Text).ToList();
        Assert.StartsWith("Unidentified, same voice as statement 1 prints as “The first participant”:", text[2]);
    }
}
