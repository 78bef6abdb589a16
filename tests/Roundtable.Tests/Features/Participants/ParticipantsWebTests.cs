using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Participants;

public sealed class ParticipantsWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_person_takes_part_with_a_set_of_roles_and_the_list_filters_by_role()
    {
        var org = await app.CreateUserAsync("org@part.example.org", Roles.Organizer);
        var rid = await app.RoundtableAsync(org);
        var ada = await app.PersonAsync("Ada Multirole");
        var bob = await app.PersonAsync("Bob Single");
        using var web = await app.SignInAsync("org@part.example.org");
        var url = $"/roundtables/{rid}/participants";

        var page = await web.SubmitAsync(url, url, new() { ["Form.PersonId"] = ada.ToString(), ["Form.MayBeNamed"] = "true", ["Form.InvitationStatus"] = "accepted" },
            [new("Form.Roles", "organizer"), new("Form.Roles", "rapporteur"), new("Form.Roles", "participant")]);
        page = await web.SubmitAsync(url, url, new() { ["Form.PersonId"] = bob.ToString(), ["Form.InvitationStatus"] = "invited" }, [new("Form.Roles", "presenter")]);
        var adaRow = page.QuerySelectorAll("#participants tbody tr").First(r => r.TextContent.Contains("Ada Multirole"));
        Assert.Equal(["organizer", "rapporteur", "participant"], adaRow.QuerySelectorAll(".badge").Take(3).Select(b => b.TextContent));
        var bobRow = page.QuerySelectorAll("#participants tbody tr").First(r => r.TextContent.Contains("Bob Single"));
        Assert.Contains("not named", bobRow.TextContent);

        var rapporteurs = await web.GetPageAsync(url + "?role=rapporteur");
        Assert.Equal(["Ada Multirole"], rapporteurs.QuerySelectorAll("#participants tbody tr td:first-child").Select(td => td.TextContent.Trim()));

        // The same person twice is refused.
        var twice = await web.PostFormAsync(url, url, new() { ["Form.PersonId"] = ada.ToString() }, [new("Form.Roles", "observer")]);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains("already takes part", (await WebSession.ParseAsync(twice)).QuerySelector(".errors")!.TextContent);

        // No role, and an invented role, are refused.
        var noRole = await web.PostFormAsync(url, url, new() { ["Form.PersonId"] = (await app.PersonAsync("Cy Noroles")).ToString() });
        Assert.Contains("at least one role", (await WebSession.ParseAsync(noRole)).QuerySelector(".errors")!.TextContent);
        var badRole = await web.PostFormAsync(url, url, new() { ["Form.PersonId"] = (await app.PersonAsync("Di Badrole")).ToString() }, [new("Form.Roles", "emperor")]);
        Assert.Contains("is not a role", (await WebSession.ParseAsync(badRole)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(2, (await web.GetPageAsync(url)).QuerySelectorAll("#participants tbody tr").Length);

        // Editing replaces the set of roles.
        var editUrl = adaRow.QuerySelector("a[href*='/participants/']")!.GetAttribute("href")!;
        page = await web.SubmitAsync(editUrl, editUrl, new() { ["Form.Attended"] = "true", ["Form.MayBeNamed"] = "true", ["Form.InvitationStatus"] = "accepted" },
            [new("Form.Roles", "director")]);
        adaRow = page.QuerySelectorAll("#participants tbody tr").First(r => r.TextContent.Contains("Ada Multirole"));
        Assert.Equal(["director"], adaRow.QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Contains("yes", adaRow.QuerySelectorAll("td")[5].TextContent);
    }
}
