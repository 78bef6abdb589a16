using OpenQA.Selenium;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Reports;

/// <summary>An edition's web page in a real browser: the bundled face, and a phone's width without sideways scrolling.</summary>
public sealed class EditionPageBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task The_edition_page_is_set_in_the_bundled_face_and_reads_at_390_px_without_sideways_scrolling()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.OrganizerEmail);
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}/report/editions/1");
        browser.Find("#foreword p");
        var js = (IJavaScriptExecutor)browser.Driver;
        // The face is loaded from the site (not the host's), and the paragraphs are set in it.
        Assert.Equal(true, js.ExecuteAsyncScript("const done = arguments[0]; document.fonts.ready.then(() => done(document.fonts.check('12pt \"Liberation Serif\"') && [...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Liberation Serif' && f.status === 'loaded')));"));
        Assert.StartsWith("\"Liberation Serif\"", (string?)js.ExecuteScript("return getComputedStyle(document.querySelector('#foreword p')).fontFamily;"), StringComparison.Ordinal);
        var width = Convert.ToInt64(js.ExecuteScript("return window.innerWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        var scroll = Convert.ToInt64(js.ExecuteScript("return document.documentElement.scrollWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(scroll <= width, $"the page is {scroll} px wide in a {width} px window");
        // No print margins on a phone: the text starts within 24 px of the window's edge.
        var left = Convert.ToDouble(js.ExecuteScript("return document.querySelector('#foreword p').getBoundingClientRect().left;"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(left, 8, 24);
        browser.Screenshot("edition-390");
    }
}
