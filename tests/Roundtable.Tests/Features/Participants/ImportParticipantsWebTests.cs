using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Participants;

/// <summary>A CSV straight into a roundtable: preview first, then every line or none.</summary>
public sealed class ImportParticipantsWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(long Rid, WebSession Web)> RoundtableAsync(string email)
    {
        var org = await app.CreateUserAsync(email, Roles.Organizer);
        return (await app.RoundtableAsync(org, "Import " + email), await app.SignInAsync(email));
    }

    private static async Task<IDocument> PreviewAsync(WebSession web, long rid, string csv)
    {
        var url = $"/roundtables/{rid}/participants/import";
        var response = await web.PostFormAsync(url, url + "/preview", new() { ["csvText"] = csv });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await WebSession.ParseAsync(response);
    }

    private static string[] Cells(IElement row) => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();

    private async Task<long> CountAsync(string sql, object args)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task A_file_is_previewed_then_adds_new_and_existing_people_with_roles_consent_and_biography_flag()
    {
        var (rid, web) = await RoundtableAsync("import@imp.example.org");
        using var _ = web;
        await app.PersonAsync("Olivia Known", "olivia@imp.example.org");
        const string csv = """
            full_name,email,affiliation,roles,may_be_named,biography_in_report
            Olivia K. (as typed),OLIVIA@imp.example.org,Ignored Institute,presenter; participant,yes,yes
            Paul Newcomer,paul@imp.example.org,Harbour Institute,Keynote,no,
            Quinn Plain,quinn@imp.example.org,,,,
            """;

        var preview = await PreviewAsync(web, rid, csv);
        var rows = preview.QuerySelectorAll("#import-preview tbody tr").Select(Cells).ToList();
        Assert.Equal(["2", "in the directory", "Olivia Known", "OLIVIA@imp.example.org", "presenter, participant", "yes", "yes", "no", ""], rows[0]);
        Assert.Equal(["3", "new", "Paul Newcomer", "paul@imp.example.org", "keynote", "no", "no", "no", ""], rows[1]);
        Assert.Equal("participant", rows[2][4]);
        Assert.Null(preview.QuerySelector("button[type=submit][disabled]"));
        // A preview writes nothing.
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM people WHERE email_normalized = @e", new { e = Emails.Normalize("paul@imp.example.org") }));

        var url = $"/roundtables/{rid}/participants/import";
        var page = await web.SubmitAsync(url, url, new() { ["csvText"] = preview.QuerySelector("textarea[name=csvText]")!.TextContent });
        Assert.Equal("Imported 3 participants: 2 new to the directory, 1 already in it.", page.QuerySelector(".flash")!.TextContent.Trim());
        var olivia = page.QuerySelectorAll("#participants tbody tr").Single(r => r.TextContent.Contains("Olivia Known"));
        Assert.Equal(["presenter", "participant"], olivia.QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Contains("may be named", olivia.TextContent);
        Assert.Contains("yes", olivia.QuerySelectorAll("td")[6].TextContent);
        var paul = page.QuerySelectorAll("#participants tbody tr").Single(r => r.TextContent.Contains("Paul Newcomer"));
        Assert.Equal(["keynote"], paul.QuerySelectorAll("td:nth-child(3) .badge").Select(b => b.TextContent));
        Assert.Contains("not named", paul.TextContent);
        Assert.Equal("Harbour Institute", paul.QuerySelectorAll("td")[1].TextContent.Trim());
        // The directory record of someone matched is left as it was.
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM people WHERE full_name = 'Olivia Known' AND affiliation = 'Test Institute'", new { }));
    }

    [Fact]
    public async Task An_unknown_role_is_an_error_on_its_line_and_nothing_is_imported()
    {
        var (rid, web) = await RoundtableAsync("import-role@imp.example.org");
        using var _ = web;
        const string csv = """
            full_name,email,roles,may_be_named
            Rosa Fine,rosa@role.example.org,participant,yes
            Sven Emperor,sven@role.example.org,participant;emperor,maybe
            """;
        var preview = await PreviewAsync(web, rid, csv);
        var bad = preview.QuerySelectorAll("#import-preview tbody tr")[1];
        Assert.Equal("3", Cells(bad)[0]);
        Assert.Equal("error", Cells(bad)[1]);
        Assert.Equal(["“emperor” is not a role. Roles: organizer, director, keynote, presenter, rapporteur, participant, observer.",
            "may_be_named: “maybe” is neither yes nor no."], bad.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Contains("1 lines have errors", preview.QuerySelector("#import-refused")!.TextContent);
        Assert.NotNull(preview.QuerySelector("button[type=submit][disabled]"));

        // Posting it anyway (a stale page, a script) writes nothing at all: not even the good line's new person.
        var url = $"/roundtables/{rid}/participants/import";
        var refused = await WebSession.ParseAsync(await web.PostFormAsync(url, url, new() { ["csvText"] = csv }));
        Assert.Contains("1 of 2 lines have errors; nothing was imported.", refused.QuerySelector(".errors")!.TextContent);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM people WHERE email_normalized = @e", new { e = Emails.Normalize("rosa@role.example.org") }));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM participations WHERE roundtable_id = @rid", new { rid }));
    }

    [Fact]
    public async Task A_line_whose_person_is_already_on_the_roundtable_stops_the_whole_import()
    {
        var (rid, web) = await RoundtableAsync("import-twice@imp.example.org");
        using var _ = web;
        var tom = await app.PersonAsync("Tom Present", "tom@twice-imp.example.org");
        await app.ParticipantAsync(rid, tom, true, "observer");
        const string csv = "full_name,email,roles\nUma Fresh,uma@twice-imp.example.org,participant\nTom Present,tom@twice-imp.example.org,presenter\n";

        var preview = await PreviewAsync(web, rid, csv);
        Assert.Contains("Tom Present (tom@twice-imp.example.org) already takes part in this roundtable",
            preview.QuerySelectorAll("#import-preview tbody tr")[1].TextContent);

        var api = await web.PostJsonAsync($"/api/roundtables/{rid}/participants/import", new { csv });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        var answer = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("imported").GetBoolean());
        Assert.Equal(1, answer.GetProperty("errors").GetInt32());
        Assert.Equal("new", answer.GetProperty("lines")[0].GetProperty("action").GetString());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM people WHERE email_normalized = @e", new { e = Emails.Normalize("uma@twice-imp.example.org") }));
        Assert.Equal(["observer"], (await app.Run<ListParticipants, IReadOnlyList<ListParticipants.Row>>(
            l => l.HandleAsync(rid, null, CancellationToken.None))).Single().Roles);

        // Without Tom's line it goes through; a dry run first writes nothing.
        var good = "full_name,email,roles\nUma Fresh,uma@twice-imp.example.org,participant\n";
        var dry = await (await web.PostJsonAsync($"/api/roundtables/{rid}/participants/import", new { csv = good, dryRun = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, dry.GetProperty("newPeople").GetInt32());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM participations WHERE roundtable_id = @rid", new { rid }));
        var done = await web.PostJsonAsync($"/api/roundtables/{rid}/participants/import", new { csv = good });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True((await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetBoolean());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM participations WHERE roundtable_id = @rid", new { rid }));
    }

    [Fact]
    public async Task Someone_of_another_organizers_roundtable_cannot_be_pulled_in_by_email()
    {
        var (rid, web) = await RoundtableAsync("import-hidden@imp.example.org");
        using var _ = web;
        var other = await app.CreateUserAsync("import-other@imp.example.org", Roles.Organizer);
        var otherRid = await app.RoundtableAsync(other, "Not theirs");
        await app.ParticipantAsync(otherRid, await app.PersonAsync("Vera Hidden", "vera@hidden-imp.example.org"));

        var preview = await PreviewAsync(web, rid, "full_name,email\nV,VERA@hidden-imp.example.org\n");
        Assert.Contains("is in the directory for a roundtable you do not organize", preview.QuerySelector("#import-preview")!.TextContent);
        Assert.DoesNotContain("Vera Hidden", preview.Body!.TextContent);
        Assert.NotNull(preview.QuerySelector("button[type=submit][disabled]"));
    }

    [Fact]
    public async Task A_file_without_the_needed_columns_or_lines_is_refused_with_the_known_columns()
    {
        var (rid, web) = await RoundtableAsync("import-file@imp.example.org");
        using var _ = web;
        var preview = await PreviewAsync(web, rid, "name_only\nWho\n");
        var error = preview.QuerySelector(".errors")!.TextContent;
        Assert.Contains("including full_name and email", error);
        Assert.Contains("roles, may_be_named, biography_in_report, attended", error);
        Assert.Contains("has a header but no rows", (await PreviewAsync(web, rid, "full_name,email\n")).QuerySelector(".errors")!.TextContent);
    }
}
