using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

public sealed class HistoryWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task History_lists_every_save_shows_a_word_diff_and_restores_an_old_version()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var st = await s.AddAsync(s.One, s.Tate, "noted that the ice was thin.");
        await app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, st.Id,
            new StatementForm { SpeakerId = s.Tate, Kind = "remark", Text = "noted that the sea ice was very thin.", Revision = 1 }, s.OrganizerId, CancellationToken.None));
        using var ann = await app.SignInAsync(s.AnnEmail);
        var history = await ann.GetPageAsync(s.Page(s.One) + "/history");
        var rows = history.QuerySelectorAll("#revisions tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("Olive Organizer", rows[0].TextContent);
        Assert.Contains("Ann Rapp", rows[1].TextContent);

        var diffUrl = rows[0].QuerySelector("a")!.GetAttribute("href")!;
        var diff = await ann.GetPageAsync(diffUrl);
        Assert.Equal(["sea ", "very "], diff.QuerySelectorAll("#diff ins").Select(e => e.TextContent));

        var firstUrl = rows[1].QuerySelector("a")!.GetAttribute("href")!;
        var stale = await ann.PostFormAsync(firstUrl, firstUrl + "/restore", new() { ["currentRevision"] = "1" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("changed again", (await WebSession.ParseAsync(stale)).QuerySelector(".errors")!.TextContent);
        var page = await ann.SubmitAsync(firstUrl, firstUrl + "/restore", new() { ["currentRevision"] = "2" });
        Assert.Equal("noted that the ice was thin.", page.QuerySelector($"li.stmt[data-id='{st.Id}'] textarea")!.TextContent);
        Assert.Equal(3, (await s.GetAsync(s.One)).Statements.Single().Revision);
    }
}
