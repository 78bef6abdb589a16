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

    [Fact]
    public async Task A_participant_who_spoke_is_not_removed_and_the_organizer_is_told_where()
    {
        var s = await Reports.ReportScenario.CreateAsync(app);
        using var web = await app.SignInAsync(s.OrganizerEmail);
        var editUrl = $"/roundtables/{s.RoundtableId}/participants/{s.Quiet}";
        var refused = await web.PostFormAsync(editUrl, editUrl + "/remove", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Quentin Quiet spoke in the proceedings of \u201cCompetition Unnamed\u201d, \u201cMany Hands\u201d. Removing them would leave those statements " +
            "without a speaker, so they stay on the roundtable. To remove them, first give their statements another speaker (or mark them unidentified) in the proceedings.",
            (await WebSession.ParseAsync(refused)).QuerySelector(".errors li")!.TextContent.Trim());

        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(3L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT COUNT(*) FROM statements WHERE speaker_participation_id = @id", new { id = s.Quiet }));
        var api = await web.Client.DeleteAsync($"/api/roundtables/{s.RoundtableId}/participants/{s.Quiet}");
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("Quentin Quiet spoke in the proceedings", await api.Content.ReadAsStringAsync());

        // One who did not speak goes.
        var director = $"/roundtables/{s.RoundtableId}/participants/{s.Director}";
        Assert.Equal(HttpStatusCode.Redirect, (await web.PostFormAsync(director, director + "/remove", [])).StatusCode);
    }
}
