using Dapper;
using OpenQA.Selenium;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Reports;

/// <summary>The order of "Among the participants" on the report page, in a real browser.</summary>
public sealed class BiographyOrderBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task An_organizer_moves_a_biography_up_and_the_page_and_the_print_order_follow()
    {
        var s = await ReportScenario.CreateAsync(app);
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("""
                UPDATE participations SET biography_in_report = TRUE
                WHERE roundtable_id = @r AND person_id IN (SELECT id FROM people WHERE full_name IN ('Diana Director', 'Nora Named', 'William Tate'))
                """, new { r = s.RoundtableId });
            await conn.ExecuteAsync("""
                UPDATE people SET biography = 'William Tate farms the coast.'
                WHERE full_name = 'William Tate' AND id IN (SELECT person_id FROM participations WHERE roundtable_id = @r)
                """, new { r = s.RoundtableId });
        }
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.OrganizerEmail);
        browser.Go($"{app.BaseUrl}/roundtables/{s.RoundtableId}/report");
        string[] Order() => browser.Driver.FindElements(By.CssSelector("#biographies ol.bio-order > li"))
            .Select(li => li.Text.Split('\n')[0].Replace("↑", "").Replace("↓", "").Trim()).ToArray();
        Assert.Equal(["Diana Director", "Nora Named", "William Tate"], Order());
        // The list's buttons share one form, so the page carries one antiforgery token for them, not one per biography.
        Assert.Single(browser.Driver.FindElements(By.CssSelector("#biographies input[name=__RequestVerificationToken]")));

        browser.Find("#biographies button[aria-label='Move William Tate up']").Click();
        browser.WaitForPage();
        browser.Wait(d => d.Url.EndsWith("/report#biographies", StringComparison.Ordinal));
        Assert.Equal(["Diana Director", "William Tate", "Nora Named"], Order());
        browser.Find("#biographies button[aria-label='Move Diana Director down']").Click();
        browser.Wait(d => Order() is ["William Tate", "Diana Director", "Nora Named"]);

        // The edition prints them in that order.
        Assert.True((await s.AssembleAsync()).Ok);
        var html = (await s.EditionAsync(1))!.Html;
        var among = html[html.IndexOf("id=\"among-the-participants\"", StringComparison.Ordinal)..];
        var at = new[] { "William Tate farms", "Diana Director leads", "Nora Named is" }.Select(b => among.IndexOf(b, StringComparison.Ordinal)).ToArray();
        Assert.All(at, i => Assert.True(i > 0));
        Assert.True(at[0] < at[1] && at[1] < at[2], $"printed at {string.Join(", ", at)}");
    }
}
