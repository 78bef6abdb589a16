using System.Net;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>
/// A roundtable with more speakers than a page lists (<see cref="WorkspacePage.AllOptionsUpTo"/>): the workspace holds
/// only the speakers it shows, its script reads everyone from the API when a list is about to open, and the pasted
/// notes' review (no script) still lists everyone.
/// </summary>
public sealed class ManySpeakersTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static async Task<ProceedingsScenario> ManyAsync(AppFactory app)
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        for (var i = 1; i <= WorkspacePage.AllOptionsUpTo; i++)
        {
            await app.ParticipantAsync(s.RoundtableId, await app.PersonAsync($"Guest Many{i:000}", $"guest{i}-{s.Tag}@pc.example.org"), i % 2 == 0, i == 7 ? "observer" : "participant");
        }
        return s;
    }

    [Fact]
    public async Task The_workspace_lists_only_the_speakers_it_shows_and_the_api_lists_everyone()
    {
        var s = await ManyAsync(app);
        await s.AddAsync(s.One, s.Tate, "noted that the ice was thin.");
        using var ann = await app.SignInAsync(s.AnnEmail);

        var page = await ann.GetPageAsync(s.Page(s.One));
        var statement = Assert.Single(page.QuerySelectorAll("select.stmt-speaker"));
        var template = ((AngleSharp.Html.Dom.IHtmlTemplateElement)page.QuerySelector("#statement-template")!).Content.QuerySelector("select.stmt-speaker")!;
        Assert.Equal(["Unidentified", "The presenter (not recorded)", "William Tate"], statement.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.Equal(["Unidentified", "The presenter (not recorded)"], template.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.All([statement, template], x => Assert.Equal("1", x.GetAttribute("data-short")));
        Assert.DoesNotContain("Guest Many050", page.DocumentElement.OuterHtml);

        using var json = JsonDocument.Parse(await ann.Client.GetStringAsync(s.Api(s.One) + "/speakers"));
        var listed = json.RootElement.EnumerateArray().ToList();
        var everyone = await app.Run<ListSpeakers, IReadOnlyList<ListSpeakers.Row>>(l => l.HandleAsync(s.RoundtableId, CancellationToken.None));
        Assert.Equal(WorkspacePage.AllOptionsUpTo + 5, listed.Count);
        Assert.Equal(everyone.Select(e => e.ParticipationId), listed.Select(x => x.GetProperty("id").GetInt64()));
        var harlan = listed.Single(x => x.GetProperty("id").GetInt64() == s.Harlan);
        Assert.Equal("James Harlan (not named) · presenter", harlan.GetProperty("text").GetString());
        Assert.True(harlan.GetProperty("presenter").GetBoolean());
        var observer = listed.Single(x => x.GetProperty("fullName").GetString() == "Guest Many007");
        Assert.True(observer.GetProperty("observer").GetBoolean());
        Assert.Equal("Guest Many007 (not named)", observer.GetProperty("text").GetString());
        // Nwosu presents Two, not One.
        Assert.Equal("Amara Nwosu", listed.Single(x => x.GetProperty("id").GetInt64() == s.Nwosu).GetProperty("text").GetString());

        // Only those who may edit the presentation read its speakers.
        using var ben = await app.SignInAsync(s.BenEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await ben.Client.GetAsync(s.Api(s.One) + "/speakers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ben.Client.GetAsync(s.Api(s.Two) + "/speakers")).StatusCode);
    }

    [Fact]
    public async Task The_pasted_notes_review_lists_everyone()
    {
        var s = await ManyAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        var response = await ann.PostFormAsync(s.Page(s.One) + "/paste", s.Page(s.One) + "/paste", new() { ["notes"] = "Guest Many050: asked about thin ice?" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var review = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var choices = review.QuerySelector("select[name='rows[0].Speaker']")!.QuerySelectorAll("option").ToList();
        Assert.Equal(WorkspacePage.AllOptionsUpTo + 5 + 3, choices.Count);
        Assert.Equal("Guest Many050", choices.Single(o => o.HasAttribute("selected")).TextContent);
    }
}

/// <summary>The short speaker lists of a roundtable of many speakers, opened and chosen from in headless chromium.</summary>
public sealed class ManySpeakersBrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task A_rapporteur_chooses_any_speaker_from_a_short_list_in_the_browser()
    {
        var s = await ManySpeakersTests.ManyAsync(app);
        var first = await s.AddAsync(s.One, s.Tate, "noted that the ice was thin.");
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, s.AnnEmail);
        browser.Go(app.BaseUrl + s.Page(s.One));
        browser.Wait(d => d.FindElement(By.Id("workspace")).GetAttribute("data-ready") == "1");

        // A saved statement: its list opens with everyone, and the choice is saved.
        var speaker = browser.Find("li.stmt[data-id] select.stmt-speaker");
        Assert.Equal(3, speaker.FindElements(By.TagName("option")).Count);
        speaker.Click();
        browser.Wait(_ => speaker.FindElements(By.TagName("option")).Count == WorkspacePage.AllOptionsUpTo + 5 + 2);
        Assert.Equal(s.Tate.ToString(), speaker.GetAttribute("value"));
        new Actions(browser.Driver).SendKeys(Keys.Escape).Perform();
        speaker.SendKeys("Guest Many050"); // a closed list's type-ahead
        // Each letter may choose (and save) on the way: "G" is Guest Many001.
        browser.Wait(_ => s.GetAsync(s.One).Result.Statements.Single() is { SpeakerParticipationId: { } id } && NameAsync(id).Result == "Guest Many050");
        Assert.Equal(first.Id, (await s.GetAsync(s.One)).Statements.Single().Id);

        // A new statement: its list (from the template, short too) fills when it gets focus.
        browser.Find("#add-statement").Click();
        var added = browser.Wait(d => d.FindElements(By.CssSelector("li.stmt"))[1]);
        var addedSpeaker = added.FindElement(By.CssSelector("select.stmt-speaker"));
        browser.Wait(_ => addedSpeaker.FindElements(By.TagName("option")).Count == WorkspacePage.AllOptionsUpTo + 5 + 2);
        addedSpeaker.SendKeys("James Harlan");
        browser.Wait(_ => addedSpeaker.GetAttribute("value") == s.Harlan.ToString());
        added.FindElement(By.CssSelector("textarea")).SendKeys("replied that it was thickening.");
        browser.Find("#summary-text").Click();
        browser.Wait(_ => added.FindElement(By.CssSelector(".save-state")).Text == "Saved");
        var last = (await s.GetAsync(s.One)).Statements[^1];
        Assert.Equal(("replied that it was thickening.", s.Harlan, "The presenter"), (last.Text, last.SpeakerParticipationId, last.Label));
    }

    private async Task<string> NameAsync(long participationId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn,
            "SELECT p.full_name FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.id = @participationId", new { participationId }) ?? "";
    }
}
