using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Participants;

/// <summary>Adding many people from the directory at once, and one change to many participants, through the page and the API.</summary>
public sealed class BulkParticipantsWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static IElement Row(IDocument page, string name) =>
        page.QuerySelectorAll("#participants tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));

    private async Task<(long Rid, WebSession Web)> RoundtableAsync(string email)
    {
        var org = await app.CreateUserAsync(email, Roles.Organizer);
        var rid = await app.RoundtableAsync(org, "Bulk " + email);
        return (rid, await app.SignInAsync(email));
    }

    [Fact]
    public async Task Ticked_people_found_in_the_directory_are_added_at_once_with_the_chosen_roles_and_consent()
    {
        var (rid, web) = await RoundtableAsync("bulk-add@bulk.example.org");
        using var _ = web;
        var ids = new List<long>();
        foreach (var name in new[] { "Anna Bulkfound", "Boris Bulkfound", "Clara Bulkfound" })
        {
            ids.Add(await app.PersonAsync(name, name.Replace(' ', '.').ToLowerInvariant() + "@bulk.example.org"));
        }
        await app.PersonAsync("Dmitri Elsewhere", "dmitri@bulk.example.org");
        var url = $"/roundtables/{rid}/participants";

        var found = await web.GetPageAsync(url + "?find=true&q=bulkfound");
        Assert.Equal(["Anna Bulkfound", "Boris Bulkfound", "Clara Bulkfound"],
            found.QuerySelectorAll("#directory-results tbody td:first-child label").Select(l => l.TextContent.Trim()));

        var page = await web.SubmitAsync(url + "?find=true&q=bulkfound", url + "/bulk-add", new() { ["q"] = "bulkfound", ["BulkAdd.MayBeNamed"] = "true" },
            [new("BulkAdd.PersonIds", S(ids[0])), new("BulkAdd.PersonIds", S(ids[2])), new("BulkAdd.Roles", "presenter"), new("BulkAdd.Roles", "participant")]);
        Assert.Equal("2 participants added.", page.QuerySelector(".flash")!.TextContent.Trim());
        foreach (var name in new[] { "Anna Bulkfound", "Clara Bulkfound" })
        {
            var row = Row(page, name);
            Assert.Equal(["presenter", "participant"], row.QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
            Assert.Contains("may be named", row.TextContent);
        }
        Assert.DoesNotContain("Boris Bulkfound", page.QuerySelector("#participants")!.TextContent);

        // The search shows who is on the roundtable already, with no box to tick.
        found = await web.GetPageAsync(url + "?find=true&q=bulkfound");
        var anna = found.QuerySelectorAll("#directory-results tbody tr").Single(r => r.TextContent.Contains("Anna Bulkfound"));
        Assert.Contains("already on this roundtable", anna.TextContent);
        Assert.Empty(anna.QuerySelectorAll("input"));
    }

    [Fact]
    public async Task A_batch_with_someone_already_on_the_roundtable_is_refused_whole_naming_them()
    {
        var (rid, web) = await RoundtableAsync("bulk-twice@bulk.example.org");
        using var _ = web;
        var there = await app.PersonAsync("Erik Already", "erik@twice.example.org");
        var fresh = await app.PersonAsync("Fiona Fresh", "fiona@twice.example.org");
        await app.ParticipantAsync(rid, there, true, "observer");
        var url = $"/roundtables/{rid}/participants";

        // A page opened before Erik was added still offers him; the post is refused and nothing is added.
        var response = await web.PostFormAsync(url, url + "/bulk-add", new() { ["q"] = "twice" },
            [new("BulkAdd.PersonIds", S(fresh)), new("BulkAdd.PersonIds", S(there)), new("BulkAdd.Roles", "participant")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebSession.ParseAsync(response);
        Assert.Equal("Erik Already already takes part in this roundtable: untick them, or change their roles in the list of participants. Nothing was added.",
            page.QuerySelector(".errors li")!.TextContent.Trim());
        // The search and the ticks are kept for the next try.
        Assert.NotNull(page.QuerySelector($"#person-{fresh}[checked]"));
        Assert.Single(page.QuerySelectorAll("#participants tbody tr"));

        // The API says the same with 409, and adds nobody either.
        var api = await web.PostJsonAsync($"/api/roundtables/{rid}/participants/bulk", new { personIds = new[] { fresh, there }, roles = new[] { "participant" } });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("Erik Already already takes part", await api.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);

        var ok = await web.PostJsonAsync($"/api/roundtables/{rid}/participants/bulk", new { personIds = new[] { fresh }, roles = new[] { "keynote" }, biographyInReport = true });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var rows = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Fiona Fresh", rows[0].GetProperty("fullName").GetString());
        Assert.True(rows[0].GetProperty("biographyInReport").GetBoolean());
        Assert.Equal(2, (await web.GetPageAsync(url)).QuerySelectorAll("#participants tbody tr").Length);
    }

    [Fact]
    public async Task A_bulk_add_of_nobody_without_roles_or_of_people_outside_the_users_directory_is_refused()
    {
        var (rid, web) = await RoundtableAsync("bulk-bad@bulk.example.org");
        using var _ = web;
        var url = $"/roundtables/{rid}/participants";
        var none = await WebSession.ParseAsync(await web.PostFormAsync(url, url + "/bulk-add", [], [new("BulkAdd.Roles", "participant")]));
        Assert.Contains("Tick at least one person", none.QuerySelector(".errors")!.TextContent);

        var person = await app.PersonAsync("Gus Noroles", "gus@bad.example.org");
        var noRoles = await WebSession.ParseAsync(await web.PostFormAsync(url, url + "/bulk-add", new() { ["BulkAdd.PersonIds"] = S(person) }));
        Assert.Contains("at least one role", noRoles.QuerySelector(".errors")!.TextContent);
        var badRole = await WebSession.ParseAsync(await web.PostFormAsync(url, url + "/bulk-add", new() { ["BulkAdd.PersonIds"] = S(person), ["BulkAdd.Roles"] = "emperor" }));
        Assert.Contains("“emperor” is not a role", badRole.QuerySelector(".errors")!.TextContent);

        // Someone on another organizer's roundtable only: not in this organizer's directory.
        var other = await app.CreateUserAsync("bulk-other@bulk.example.org", Roles.Organizer);
        var otherRid = await app.RoundtableAsync(other, "Someone else's");
        var hidden = await app.PersonAsync("Hanna Hidden", "hanna@bad.example.org");
        await app.ParticipantAsync(otherRid, hidden);
        var pulled = await WebSession.ParseAsync(await web.PostFormAsync(url, url + "/bulk-add", [],
            [new("BulkAdd.PersonIds", S(person)), new("BulkAdd.PersonIds", S(hidden)), new("BulkAdd.Roles", "participant")]));
        Assert.Contains("not in it", pulled.QuerySelector(".errors")!.TextContent);
        Assert.DoesNotContain("Hanna Hidden", (await web.GetPageAsync(url + "?find=true&q=hanna")).Body!.TextContent);
        Assert.Empty((await web.GetPageAsync(url)).QuerySelectorAll("#participants tbody tr"));
    }

    [Fact]
    public async Task Ticked_participants_get_roles_added_removed_or_replaced_and_flags_set_leaving_the_rest_as_they_were()
    {
        var (rid, web) = await RoundtableAsync("bulk-edit@bulk.example.org");
        using var _ = web;
        var ivo = await app.ParticipantAsync(rid, await app.PersonAsync("Ivo Edited", "ivo@edit.example.org"), false, "participant");
        var jan = await app.ParticipantAsync(rid, await app.PersonAsync("Jan Edited", "jan@edit.example.org"), false, "presenter", "participant");
        var kim = await app.ParticipantAsync(rid, await app.PersonAsync("Kim Untouched", "kim@edit.example.org"), false, "participant");
        var url = $"/roundtables/{rid}/participants";

        var page = await web.SubmitAsync(url, url + "/bulk-edit", new() { ["BulkEdit.RoleChange"] = "add", ["BulkEdit.MayBeNamed"] = "true", ["BulkEdit.Attended"] = "false" },
            [new("BulkEdit.ParticipationIds", S(ivo)), new("BulkEdit.ParticipationIds", S(jan)), new("BulkEdit.Roles", "observer")]);
        Assert.Equal("2 participants changed.", page.QuerySelector(".flash")!.TextContent.Trim());
        Assert.Equal(["participant", "observer"], Row(page, "Ivo Edited").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Equal(["presenter", "participant", "observer"], Row(page, "Jan Edited").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Contains("may be named", Row(page, "Jan Edited").TextContent);
        Assert.Equal("—", Row(page, "Jan Edited").QuerySelectorAll("td")[5].TextContent.Trim());
        // Kim was not ticked: as before (the builder marks everyone attended).
        Assert.Contains("not named", Row(page, "Kim Untouched").TextContent);
        Assert.Equal("yes", Row(page, "Kim Untouched").QuerySelectorAll("td")[5].TextContent.Trim());

        page = await web.SubmitAsync(url, url + "/bulk-edit", new() { ["BulkEdit.RoleChange"] = "remove", ["BulkEdit.BiographyInReport"] = "true" },
            [new("BulkEdit.ParticipationIds", S(ivo)), new("BulkEdit.ParticipationIds", S(jan)), new("BulkEdit.Roles", "participant")]);
        Assert.Equal(["observer"], Row(page, "Ivo Edited").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Equal(["presenter", "observer"], Row(page, "Jan Edited").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Contains("yes", Row(page, "Ivo Edited").QuerySelectorAll("td")[6].TextContent);
        Assert.Contains("may be named", Row(page, "Ivo Edited").TextContent);

        page = await web.SubmitAsync(url, url + "/bulk-edit", new() { ["BulkEdit.RoleChange"] = "replace" },
            [new("BulkEdit.ParticipationIds", S(jan)), new("BulkEdit.ParticipationIds", S(kim)), new("BulkEdit.Roles", "rapporteur")]);
        Assert.Equal(["rapporteur"], Row(page, "Jan Edited").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Equal(["rapporteur"], Row(page, "Kim Untouched").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
    }

    [Fact]
    public async Task A_bulk_edit_that_would_leave_someone_without_a_role_changes_nobody()
    {
        var (rid, web) = await RoundtableAsync("bulk-bare@bulk.example.org");
        using var _ = web;
        var lea = await app.ParticipantAsync(rid, await app.PersonAsync("Lea Presenter", "lea@bare.example.org"), false, "presenter", "participant");
        var max = await app.ParticipantAsync(rid, await app.PersonAsync("Max Onlypresenter", "max@bare.example.org"), false, "presenter");
        var url = $"/roundtables/{rid}/participants";

        var response = await web.PostFormAsync(url, url + "/bulk-edit", new() { ["BulkEdit.RoleChange"] = "remove", ["BulkEdit.MayBeNamed"] = "true" },
            [new("BulkEdit.ParticipationIds", S(lea)), new("BulkEdit.ParticipationIds", S(max)), new("BulkEdit.Roles", "presenter")]);
        var page = await WebSession.ParseAsync(response);
        Assert.Equal("Max Onlypresenter would be left without a role. Give them another role first, or untick them. Nothing was changed.",
            page.QuerySelector(".errors li")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"#pick-{lea}[checked]"));
        page = await web.GetPageAsync(url);
        Assert.Equal(["presenter", "participant"], Row(page, "Lea Presenter").QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Contains("not named", Row(page, "Lea Presenter").TextContent);

        // Nothing to change, nobody ticked, and a participation of another roundtable are refused too.
        var nothing = await WebSession.ParseAsync(await web.PostFormAsync(url, url + "/bulk-edit", new() { ["BulkEdit.RoleChange"] = "keep", ["BulkEdit.ParticipationIds"] = S(lea) }));
        Assert.Contains("Choose something to change", nothing.QuerySelector(".errors")!.TextContent);
        var nobody = await WebSession.ParseAsync(await web.PostFormAsync(url, url + "/bulk-edit", new() { ["BulkEdit.Attended"] = "true" }));
        Assert.Contains("Tick at least one participant", nobody.QuerySelector(".errors")!.TextContent);
        var otherRid = await app.RoundtableAsync(await app.CreateUserAsync("bulk-bare@bulk.example.org", Roles.Organizer), "Other of the same organizer");
        var elsewhere = await app.ParticipantAsync(otherRid, await app.PersonAsync("Nora Elsewhere", "nora@bare.example.org"));
        var api = await web.PostJsonAsync($"/api/roundtables/{rid}/participants/bulk-edit", new { participationIds = new[] { lea, elsewhere }, mayBeNamed = true });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("1 of the ticked participants are no longer on this roundtable", await api.Content.ReadAsStringAsync());
        Assert.Contains("not named", Row(await web.GetPageAsync(url), "Lea Presenter").TextContent);
    }

    [Fact]
    public async Task A_rapporteur_of_the_roundtable_can_neither_bulk_add_nor_bulk_edit()
    {
        var org = await app.CreateUserAsync("bulk-owner@bulk.example.org", Roles.Organizer);
        var rid = await app.RoundtableAsync(org, "Guarded");
        var ritaPerson = await app.PersonAsync("Rita Bulkrapporteur", "rita@guard.example.org");
        await app.CreateUserAsync("rita@guard.example.org", Roles.Rapporteur, ritaPerson);
        var rita = await app.ParticipantAsync(rid, ritaPerson, true, "rapporteur");
        using var web = await app.SignInAsync("rita@guard.example.org");
        var url = $"/roundtables/{rid}/participants";
        var page = await web.GetPageAsync(url + "?find=true&q=");
        Assert.Null(page.QuerySelector("#bulk-add"));
        Assert.Null(page.QuerySelector("#bulk-edit"));
        Assert.Empty(page.QuerySelectorAll("input[name='BulkEdit.ParticipationIds']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await web.PostFormAsync(url, url + "/bulk-edit", new() { ["BulkEdit.ParticipationIds"] = S(rita), ["BulkEdit.Attended"] = "true" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.PostJsonAsync($"/api/roundtables/{rid}/participants/bulk", new { personIds = new[] { ritaPerson }, roles = new[] { "participant" } })).StatusCode);
    }
}
