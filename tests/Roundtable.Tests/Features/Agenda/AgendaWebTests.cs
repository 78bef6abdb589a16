using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Agenda;

public sealed class AgendaWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(WebSession Web, long RoundtableId)> SetUpAsync(string tag)
    {
        var org = await app.CreateUserAsync($"org-{tag}@agenda.example.org", Roles.Organizer);
        var id = await app.RoundtableAsync(org, "Agenda " + tag);
        return (await app.SignInAsync($"org-{tag}@agenda.example.org"), id);
    }

    private static string[] Labels(AngleSharp.Dom.IDocument page) => page.QuerySelectorAll("#agenda .ordinal").Select(e => e.TextContent).ToArray();

    private static string[] Titles(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("#agenda tbody tr").Select(tr => tr.QuerySelectorAll("td")[1].ChildNodes.Last().TextContent.Trim()).ToArray();

    [Fact]
    public async Task Labels_follow_the_order_and_change_when_it_changes()
    {
        var (web, rid) = await SetUpAsync("order");
        using var _ = web;
        var url = $"/roundtables/{rid}/agenda";
        foreach (var title in new[] { "Alpha", "Bravo", "Charlie" })
        {
            await web.SubmitAsync(url, url, new() { ["Form.Title"] = title, ["Form.PresenterNamed"] = "false" });
        }
        var page = await web.GetPageAsync(url);
        Assert.Equal(["Initial Presentation", "Second Presentation", "Final Presentation"], Labels(page));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], Titles(page));

        var charlie = page.QuerySelectorAll("#agenda tbody tr")[2].GetAttribute("data-presentation-id");
        await web.SubmitAsync(url, $"{url}/{charlie}/move", new() { ["direction"] = "up" });
        page = await web.SubmitAsync(url, $"{url}/{charlie}/move", new() { ["direction"] = "up" });
        Assert.Equal(["Charlie", "Alpha", "Bravo"], Titles(page));
        Assert.Equal(["Initial Presentation", "Second Presentation", "Final Presentation"], Labels(page));

        var alpha = page.QuerySelectorAll("#agenda tbody tr")[1].GetAttribute("data-presentation-id");
        page = await web.SubmitAsync(url, $"{url}/{alpha}/delete", []);
        Assert.Equal(["Charlie", "Bravo"], Titles(page));
        Assert.Equal(["Initial Presentation", "Final Presentation"], Labels(page));

        var print = await web.GetPageAsync($"{url}/print");
        Assert.Equal(["Initial Presentation", "Final Presentation"], print.QuerySelectorAll(".print-agenda .ordinal").Select(e => e.TextContent));
    }

    [Fact]
    public async Task Presenters_and_rapporteurs_come_from_the_participants()
    {
        var (web, rid) = await SetUpAsync("people");
        using var _ = web;
        var presenter = await app.ParticipantAsync(rid, await app.PersonAsync("Paula Presenter"), true, "presenter");
        var hidden = await app.ParticipantAsync(rid, await app.PersonAsync("Hugo Hidden"), false, "presenter");
        var rapporteur = await app.ParticipantAsync(rid, await app.PersonAsync("Rolf Rapporteur"), true, "rapporteur");
        var url = $"/roundtables/{rid}/agenda";

        var page = await web.SubmitAsync(url, url, new() { ["Form.Title"] = "Named talk", ["Form.StartTime"] = "09:30", ["Form.EndTime"] = "10:15" },
            [new("Form.PresenterIds", presenter.ToString()), new("Form.RapporteurIds", rapporteur.ToString()), new("Form.PresenterNamed", "true"), new("Form.PresenterNamed", "false")]);
        var row = page.QuerySelector("#agenda tbody tr")!;
        Assert.Contains("Paula Presenter", row.TextContent);
        Assert.Contains("Rolf Rapporteur", row.TextContent);
        Assert.Contains("09:30–10:15", row.TextContent);

        // A presenter who has not consented cannot be named.
        var refused = await web.PostFormAsync(url, url, new() { ["Form.Title"] = "Hidden talk" },
            [new("Form.PresenterIds", hidden.ToString()), new("Form.PresenterNamed", "true"), new("Form.PresenterNamed", "false")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Hugo Hidden has not agreed to be named", (await WebSession.ParseAsync(refused)).QuerySelector(".errors")!.TextContent);

        // A participant without the rapporteur role cannot be assigned as rapporteur.
        var notRapporteur = await web.PostFormAsync(url, url, new() { ["Form.Title"] = "Odd talk" }, [new("Form.RapporteurIds", presenter.ToString())]);
        Assert.Contains("is not a rapporteur", (await WebSession.ParseAsync(notRapporteur)).QuerySelector(".errors")!.TextContent);

        // Someone from another roundtable cannot present here.
        var (other, otherRid) = await SetUpAsync("foreign");
        other.Dispose();
        var foreign = await app.ParticipantAsync(otherRid, await app.PersonAsync("Fred Foreign"), true, "presenter");
        var foreignResponse = await web.PostFormAsync(url, url, new() { ["Form.Title"] = "Foreign talk" }, [new("Form.PresenterIds", foreign.ToString())]);
        Assert.Contains("does not take part in this roundtable", (await WebSession.ParseAsync(foreignResponse)).QuerySelector(".errors")!.TextContent);

        var unnamed = await web.SubmitAsync(url, url, new() { ["Form.Title"] = "Hidden talk" },
            [new("Form.PresenterIds", hidden.ToString()), new("Form.PresenterNamed", "false")]);
        Assert.Contains("not named in report", unnamed.QuerySelectorAll("#agenda tbody tr")[1].TextContent);
        Assert.Equal(2, unnamed.QuerySelectorAll("#agenda tbody tr").Length);
    }

    [Fact]
    public async Task End_before_start_and_empty_title_are_refused()
    {
        var (web, rid) = await SetUpAsync("bad");
        using var _ = web;
        var url = $"/roundtables/{rid}/agenda";
        var response = await web.PostFormAsync(url, url, new() { ["Form.Title"] = "", ["Form.StartTime"] = "11:00", ["Form.EndTime"] = "10:00" });
        var errors = (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent;
        Assert.Contains("The title is required.", errors);
        var response2 = await web.PostFormAsync(url, url, new() { ["Form.Title"] = "Backwards", ["Form.StartTime"] = "11:00", ["Form.EndTime"] = "10:00" });
        Assert.Contains("end time must be after", (await WebSession.ParseAsync(response2)).QuerySelector(".errors")!.TextContent);
        Assert.Empty((await web.GetPageAsync(url)).QuerySelectorAll("#agenda tbody tr"));
        await web.GetPageAsync($"{url}/424242", HttpStatusCode.NotFound);
    }
}
