using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Reports;

public sealed class ReportWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private ReportLinks Links => (ReportLinks)app.Services.GetService(typeof(ReportLinks))!;

    [Fact]
    public async Task The_foreword_hint_counts_those_who_attended_and_lists_their_organizations_once_each_in_order()
    {
        var s = await ReportScenario.CreateAsync(app);
        await using (var conn = await app.Db.OpenAsync())
        {
            // Nine attended (the scenario's all do). Three organizations, one of them twice; one person has none; one
            // organization's only member stayed away.
            var people = (await Dapper.SqlMapper.QueryAsync<(long Participation, long Person)>(conn,
                "SELECT pa.id, pa.person_id FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.roundtable_id = @r ORDER BY p.full_name",
                new { r = s.RoundtableId })).ToList();
            string[] affiliations = ["Polar Institute", "", "Coastal Council", "Polar Institute", "Arctic Forum", "Stayed Away Institute"];
            for (var i = 0; i < people.Count; i++)
            {
                await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE people SET affiliation = @a WHERE id = @id", new { a = i < affiliations.Length ? affiliations[i] : "", id = people[i].Person });
            }
            await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE participations SET attended = FALSE WHERE id = @id", new { id = people[5].Participation });
        }
        using var web = await app.SignInAsync(s.OrganizerEmail);
        var hint = (await web.GetPageAsync($"/roundtables/{s.RoundtableId}/report")).QuerySelectorAll(".hint").Select(h => h.TextContent)
            .Single(t => t.Contains("how many attended", StringComparison.Ordinal));
        Assert.Contains("how many attended (8) and from which organizations (Arctic Forum, Coastal Council, Polar Institute).", hint);
    }

    [Fact]
    public async Task Organizer_edits_assembles_publishes_and_a_participant_reads_through_a_signed_link()
    {
        var s = await ReportScenario.CreateAsync(app);
        using var web = await app.SignInAsync(s.OrganizerEmail);
        var url = $"/roundtables/{s.RoundtableId}/report";
        var editor = await web.GetPageAsync(url);
        Assert.Equal("NLR-1", editor.QuerySelector("#Form_ReportNumber")!.GetAttribute("value"));

        await web.SubmitAsync(url, url + "/questions", new() { ["Text"] = "Should we meet in Tromsø?" });
        var page = await web.SubmitAsync(url, url + "/assemble", []);
        Assert.Contains("Edition 1 assembled.", page.QuerySelector(".flash")!.TextContent);
        Assert.Single(page.QuerySelectorAll("#edition-list tbody tr"));

        var html = await web.Client.GetAsync(url + "/editions/1");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("script-src", html.Headers.GetValues("Content-Security-Policy").Single() + " script-src") ;
        Assert.DoesNotContain("'unsafe-inline'; script", html.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("Should we meet in Tromsø?", await html.Content.ReadAsStringAsync());
        var pdf = await web.Client.GetAsync(url + "/editions/1/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);

        // Not published yet: a signed link says so and shows nothing.
        using var reader = new WebSession(app.NewClient());
        var link = Links.Path(s.RoundtableId, s.Director);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Client.GetAsync(link)).StatusCode);

        await web.SubmitAsync(url, url + "/editions/1/publish", []);
        var published = await reader.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("Northern Lights Roundtable", await published.Content.ReadAsStringAsync());
        var publishedPdf = await reader.Client.GetAsync(link.Replace("?key=", "/pdf?key=", StringComparison.Ordinal));
        Assert.Equal("application/pdf", publishedPdf.Content.Headers.ContentType!.MediaType);

        // The stable address also works for the signed-in organizer, and asks anonymous readers to sign in.
        Assert.Equal(HttpStatusCode.OK, (await web.Client.GetAsync($"/reports/{s.RoundtableId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await reader.Client.GetAsync($"/reports/{s.RoundtableId}")).StatusCode);
    }

    [Fact]
    public async Task An_edition_names_its_fonts_by_a_stable_address_that_the_site_serves_to_anyone()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var html = (await s.EditionAsync(1))!.Html;
        var fonts = System.Text.RegularExpressions.Regex.Matches(html, @"url\(""(/report/fonts/[^""]+)""\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(8, fonts.Count); // Liberation Serif and its fallback DejaVu Serif, four faces each
        Assert.DoesNotContain("base64", html, StringComparison.Ordinal);

        using var anonymous = app.NewClient();
        foreach (var font in fonts)
        {
            var response = await anonymous.GetAsync(font);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(ReportFonts.Folder, font.Split('/').Last())), await response.Content.ReadAsByteArrayAsync());
        }
        using var web = await app.SignInAsync(s.OrganizerEmail);
        var page = await web.Client.GetAsync($"/roundtables/{s.RoundtableId}/report/editions/1");
        Assert.Contains("font-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_texts_showing_an_image_from_an_address_are_refused_with_the_reason_and_nothing_is_saved()
    {
        var s = await ReportScenario.CreateAsync(app);
        using var web = await app.SignInAsync(s.OrganizerEmail);
        var url = $"/roundtables/{s.RoundtableId}/report";
        var response = await web.PostFormAsync(url, url, new()
        {
            ["Form.Foreword"] = "We held a roundtable. ![the venue](http://127.0.0.1:5389/venue.png)",
            ["Form.ForewordSignerParticipationId"] = s.Director.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.PolicyImplications"] = "Governments should look: <img src=\"http://169.254.169.254/latest/meta-data/\">",
            ["Form.ConferenceSummary"] = "Summarized anew.",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebSession.ParseAsync(response);
        var errors = string.Join("\n", page.QuerySelectorAll(".errors li, .field-validation-error").Select(e => e.TextContent));
        Assert.Contains("There is an image from another address in the foreword (http://127.0.0.1:5389/venue.png)", errors, StringComparison.Ordinal);
        Assert.Contains("There is an image from another address in the policy implications (http://169.254.169.254/", errors, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".flash"));

        var saved = await app.Run<GetReport, ReportForm>(g => g.HandleAsync(s.RoundtableId, CancellationToken.None));
        Assert.Equal(("We held a roundtable.", "Participants agreed on little.", "Governments should talk."),
            (saved.Foreword, saved.ConferenceSummary, saved.PolicyImplications));
    }

    [Fact]
    public async Task A_participants_link_stops_working_when_they_are_removed_and_is_never_cached()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        Assert.True((await s.PublishAsync(1)).Ok);
        using var reader = new WebSession(app.NewClient());
        var link = Links.Path(s.RoundtableId, s.Director);
        var read = await reader.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("no-store", read.Headers.CacheControl!.ToString());
        Assert.Contains("no-store", (await reader.Client.GetAsync(link.Replace("?key=", "/pdf?key=", StringComparison.Ordinal))).Headers.CacheControl!.ToString());

        Assert.True((await app.Run<Roundtable.Web.Features.Participants.RemoveParticipant, Result<bool>>(r => r.HandleAsync(s.RoundtableId, s.Director, CancellationToken.None))).Value);
        var refused = await reader.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("does not open the report", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.GetAsync(link.Replace("?key=", "/pdf?key=", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task A_tampered_or_foreign_link_is_refused_with_a_friendly_page()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        Assert.True((await s.PublishAsync(1)).Ok);
        var token = Links.Token(s.RoundtableId, s.Director);
        using var reader = new WebSession(app.NewClient());
        var tampered = token[..^3] + (token[^3] == 'A' ? "BBB" : "AAA");
        var refused = await reader.Client.GetAsync($"/reports/{s.RoundtableId}?key={Uri.EscapeDataString(tampered)}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("does not open the report", await refused.Content.ReadAsStringAsync());
        var other = await ReportScenario.CreateAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.GetAsync($"/reports/{other.RoundtableId}?key={Uri.EscapeDataString(token)}")).StatusCode);
    }

    [Fact]
    public async Task An_embargoed_edition_stays_hidden_until_its_time()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var at = await s.PublishAsync(1, at: DateTime.UtcNow.AddDays(3));
        Assert.True(at.Ok);
        using var reader = new WebSession(app.NewClient());
        var link = Links.Path(s.RoundtableId, s.Director);
        var hidden = await reader.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Contains("not published yet", await hidden.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rapporteur_edits_the_texts_and_reads_editions_but_cannot_assemble_or_publish()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var person = await app.PersonAsync("Rita Writer", $"rita-{s.RoundtableId}@report.example.org");
        await app.ParticipantAsync(s.RoundtableId, person, true, "rapporteur");
        var email = $"rita-user-{s.RoundtableId}@report.example.org";
        await app.CreateUserAsync(email, Roles.Rapporteur, person);
        using var web = await app.SignInAsync(email);
        var url = $"/roundtables/{s.RoundtableId}/report";
        var page = await web.GetPageAsync(url);
        Assert.Empty(page.QuerySelectorAll("form[action$='/assemble']"));
        var saved = await web.SubmitAsync(url, url, new() { ["Form.ConferenceSummary"] = "Rewritten by the rapporteur.", ["Form.ForewordSignerParticipationId"] = s.Director.ToString() });
        Assert.Contains("Report texts saved.", saved.QuerySelector(".flash")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await web.Client.GetAsync(url + "/editions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.PostFormAsync(url, url + "/assemble", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.PostFormAsync(url, url + "/editions/1/publish", [])).StatusCode);
    }

    [Fact]
    public async Task Two_editions_can_be_compared()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        await s.SaveTextsAsync(f => { f.PolicyImplications = "Governments should listen."; return f; });
        Assert.True((await s.AssembleAsync()).Ok);
        using var web = await app.SignInAsync(s.OrganizerEmail);
        var page = await web.GetPageAsync($"/roundtables/{s.RoundtableId}/report/compare?from=1&to=2");
        Assert.Contains("talk", string.Join(" ", page.QuerySelectorAll("del.diff-removed").Select(e => e.TextContent)));
        Assert.Contains("listen", string.Join(" ", page.QuerySelectorAll("ins.diff-added").Select(e => e.TextContent)));
        await web.GetPageAsync($"/roundtables/{s.RoundtableId}/report/compare?from=1&to=9", HttpStatusCode.NotFound);
    }
}
