using OpenQA.Selenium;
using OpenQA.Selenium.Chromium;
using Roundtable.Tests.Features.Reports;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reports;

namespace Roundtable.Tests.Web;

/// <summary>
/// The participant's signed link in a real browser (headless Debian chromium), on a desktop and as a phone 390 px wide:
/// no sideways scroll, the title in view first. The screenshots are kept in the test output (screenshots/).
/// </summary>
public sealed class ReaderPageBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task The_reader_page_opens_on_the_title_without_sideways_scroll_on_a_desktop_and_a_phone()
    {
        var s = await ReportScenario.CreateAsync(app);
        // A long title with a long word, and a long unbroken address in the text: both must wrap on a phone.
        await s.SaveTextsAsync(f =>
        {
            f.Title = "Cooperation and Competition in the High North: Arctic Search-and-Rescue, Shipping and the Nordpolarmeerkooperationsvereinbarungen";
            f.ConferenceSummary = "The data are at https://example.org/arctic/sea-ice/extent/monthly/1979-2026/september/northern-hemisphere/v4.csv for all.";
            return f;
        });
        Assert.True((await s.AssembleAsync()).Ok);
        Assert.True((await s.PublishAsync(1)).Ok);
        var link = app.BaseUrl + ((ReportLinks)app.Services.GetService(typeof(ReportLinks))!).Path(s.RoundtableId, s.Director);
        Directory.CreateDirectory(ScreenshotFolder);

        using var browser = new Browser();
        var driver = (ChromiumDriver)browser.Driver;
        foreach (var (width, height, phone) in new[] { (1280, 900, false), (390, 844, true) })
        {
            // A phone: the device metrics of one, so the page's viewport meta decides its layout width as on a real phone.
            driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
            {
                ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = phone,
            });
            browser.Go(link);
            browser.WaitForPage();
            browser.Wait(d => Equals(((IJavaScriptExecutor)d).ExecuteScript("return document.fonts.status"), "loaded"));
            var js = (IJavaScriptExecutor)driver;
            Assert.Equal((long)width, js.ExecuteScript("return window.innerWidth"));
            var overflow = (long)js.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth")!;
            ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, $"reader-signed-link-{width}.png"));
            Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow} px at {width} px");
            Assert.Equal(0L, js.ExecuteScript("return window.scrollX"));

            // The first heading on the page is the report's title, and it is in view without scrolling.
            var title = browser.Find("h1.report-title");
            Assert.Equal(title, driver.FindElements(By.CssSelector("h1, h2")).First());
            var box = (IReadOnlyDictionary<string, object>)js.ExecuteScript(
                "const r = arguments[0].getBoundingClientRect(); return { top: r.top, bottom: r.bottom, right: r.right };", title)!;
            Assert.True(Convert.ToDouble(box["top"]) >= 0 && Convert.ToDouble(box["bottom"]) <= height, $"the title is at {box["top"]}–{box["bottom"]} of {height} px");
            Assert.True(Convert.ToDouble(box["right"]) <= width);
            Assert.True(browser.Find("#download-pdf").Displayed);
            Assert.True(browser.Find("#contents").Displayed);
        }
    }
}
