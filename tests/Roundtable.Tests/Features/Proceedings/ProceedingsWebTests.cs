using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>Pages and the JSON API over HTTP: who may see and change what, and how refusals are answered.</summary>
public sealed class ProceedingsWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_rapporteur_gets_403_on_a_presentation_not_assigned_to_them()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        await ann.GetPageAsync(s.Page(s.One));
        await ann.GetPageAsync(s.Page(s.Two), HttpStatusCode.Forbidden);
        await ann.GetPageAsync(s.Page(s.Two) + "/live", HttpStatusCode.Forbidden);
        await ann.GetPageAsync(s.Page(s.Two) + "/history", HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.Client.GetAsync(s.Api(s.Two))).StatusCode);
        var write = await ann.PostJsonAsync(s.Api(s.Two) + "/statements", new { kind = "remark", text = "noted." });
        Assert.True(write.StatusCode == HttpStatusCode.Forbidden, await write.Content.ReadAsStringAsync());
        var invalid = await ann.PostJsonAsync(s.Api(s.Two) + "/statements", new { kind = "remark", text = "" });
        Assert.Equal(HttpStatusCode.Forbidden, invalid.StatusCode);
        Assert.Empty((await s.GetAsync(s.Two)).Statements);
        // The published view of a colleague's presentation is fine: labels only, no real speakers.
        Assert.Equal(HttpStatusCode.OK, (await ann.Client.GetAsync(s.Api(s.Two) + "/published")).StatusCode);
    }

    [Fact]
    public async Task Organizers_of_the_roundtable_edit_every_presentation_and_others_get_nothing()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        await organizer.GetPageAsync(s.Page(s.One));
        await organizer.GetPageAsync(s.Page(s.Two) + "/review");
        var other = await ProceedingsScenario.CreateAsync(app);
        using var stranger = await app.SignInAsync(other.OrganizerEmail);
        await stranger.GetPageAsync(s.Page(s.One), HttpStatusCode.Forbidden);
        await stranger.GetPageAsync($"/roundtables/{s.RoundtableId}/proceedings", HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Client.GetAsync(s.Api(s.One) + "/published")).StatusCode);
        // A presentation of another roundtable under this roundtable's address does not exist.
        await organizer.GetPageAsync($"/roundtables/{s.RoundtableId}/proceedings/{other.One}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Internal_api_names_real_speakers_and_the_published_view_never_does()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.One, s.Harlan, "replied that the ice was thin.");
        using var ann = await app.SignInAsync(s.AnnEmail);
        var internalJson = await ann.Client.GetStringAsync(s.Api(s.One));
        Assert.Contains("James Harlan", internalJson);
        using var ben = await app.SignInAsync(s.BenEmail);
        var published = await ben.Client.GetStringAsync(s.Api(s.One) + "/published");
        Assert.Contains("The presenter", published);
        Assert.DoesNotContain("Harlan", published);
        var preview = await ben.GetPageAsync($"/roundtables/{s.RoundtableId}/proceedings/preview");
        Assert.DoesNotContain("Harlan", preview.QuerySelector(".print-proceedings")!.TextContent);
    }

    [Fact]
    public async Task Api_answers_409_with_the_newer_version_423_when_locked_and_400_for_bad_input()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        var created = await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { speakerId = s.Tate, kind = "remark", text = "noted the thaw." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var st = (await created.Content.ReadFromJsonAsync<JsonElement>());
        var id = st.GetProperty("id").GetInt64();
        var ok = await ann.PutJsonAsync($"{s.Api(s.One)}/statements/{id}", new { speakerId = s.Tate, kind = "remark", text = "noted the big thaw.", revision = 1 });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var stale = await ann.PutJsonAsync($"{s.Api(s.One)}/statements/{id}", new { speakerId = s.Tate, kind = "remark", text = "noted a small thaw.", revision = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current");
        Assert.Equal(("noted the big thaw.", 2), (current.GetProperty("text").GetString(), current.GetProperty("revision").GetInt32()));

        var empty = await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { kind = "remark", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var unknown = await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { speakerId = 987654, kind = "remark", text = "noted." });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("does not take part", await unknown.Content.ReadAsStringAsync());
        var missing = await ann.PutJsonAsync($"{s.Api(s.One)}/statements/99999999", new { kind = "remark", text = "x", revision = 1 });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var notJson = await ann.Client.PostAsync(s.Api(s.One) + "/statements", new FormUrlEncodedContent([KeyValuePair.Create("text", "noted.")]));
        Assert.True(HttpStatusCode.UnsupportedMediaType == notJson.StatusCode, await notJson.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await ann.PutJsonAsync(s.Api(s.One) + "/status", new { status = "edited" })).StatusCode);
        var rapporteurApproves = await ann.PostJsonAsync(s.Api(s.One) + "/approve", new { version = (await s.GetAsync(s.One)).Version });
        Assert.Equal(HttpStatusCode.Forbidden, rapporteurApproves.StatusCode);
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostJsonAsync(s.Api(s.One) + "/approve", new { version = (await s.GetAsync(s.One)).Version })).StatusCode);
        var locked = await ann.PutJsonAsync($"{s.Api(s.One)}/statements/{id}", new { speakerId = s.Tate, kind = "remark", text = "sneaky edit", revision = 2 });
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        Assert.Equal("noted the big thaw.", (await s.GetAsync(s.One)).Statements.Single().Text);
    }

    [Fact]
    public async Task A_statement_or_summary_showing_an_image_from_an_address_is_refused_with_the_reason_and_nothing_is_saved()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        const string image = "![map](http://127.0.0.1:5389/x)";
        static async Task<string> RefusedAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Matches(@"There is an image from another address in the (statement|summary) \(http://", body);
            return body;
        }

        await RefusedAsync(await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { speakerId = s.Tate, kind = "remark", text = "showed " + image }));
        Assert.Empty((await s.GetAsync(s.One)).Statements);

        var created = await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { speakerId = s.Tate, kind = "remark", text = "noted the thaw." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await RefusedAsync(await ann.PutJsonAsync($"{s.Api(s.One)}/statements/{id}",
            new { speakerId = s.Tate, kind = "remark", text = "noted <img src=\"http://169.254.169.254/latest/meta-data/\">", revision = 1 }));
        Assert.Contains("Statement 2:", await RefusedAsync(await ann.PostJsonAsync(s.Api(s.One) + "/statements/import",
            new { statements = new[] { new { kind = "remark", text = "agreed." }, new { kind = "remark", text = "disagreed. " + image } } })), StringComparison.Ordinal);
        await RefusedAsync(await ann.PutJsonAsync(s.Api(s.One) + "/summary", new { text = "{presenter} showed a map. " + image, revision = 0 }));
        var after = await s.GetAsync(s.One);
        Assert.Equal(("noted the thaw.", 1L), (after.Statements.Single().Text, after.Statements.Single().Revision));
        Assert.Equal(("", 0L), (after.Summary, after.SummaryRevision));

        // An image the text carries itself is fine.
        var pixel = "![pixel](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==)";
        Assert.Equal(HttpStatusCode.Created, (await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { speakerId = s.Tate, kind = "remark", text = "drew " + pixel })).StatusCode);
    }

    [Fact]
    public async Task Script_payloads_are_stored_as_typed_and_shown_inert()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.One, s.Tate, "noted <script>alert(1)</script> and <video src=x onerror=alert(2)></video> and [a link](javascript:alert(3)).");
        using var ann = await app.SignInAsync(s.AnnEmail);
        var page = await ann.GetPageAsync(s.Page(s.One));
        Assert.Empty(page.QuerySelectorAll("#published script, #published img, #published video, #published [onerror], #published a[href^='javascript']"));
        Assert.Contains("<script>alert(1)</script>", page.QuerySelector("textarea.stmt-text")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("body script:not([src])"));
    }

    [Fact]
    public async Task Pasted_notes_are_proposed_without_saving_and_saved_only_when_confirmed()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        var notes = "William Tate: we need icebreakers.\n\nBill asked whether anyone would pay.\n\nSmythe noted that nobody would.";
        var response = await ann.PostFormAsync(s.Page(s.One) + "/paste", s.Page(s.One) + "/paste", new() { ["notes"] = notes });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = await WebSession.ParseAsync(response);
        Assert.Equal(3, review.QuerySelectorAll(".paste-row").Length);
        Assert.Single(review.QuerySelectorAll(".paste-row.unmatched"));
        Assert.Empty((await s.GetAsync(s.One)).Statements);

        Dictionary<string, string> Row(int i, string speaker, string text) => new()
        {
            [$"rows[{i}].Include"] = "true", [$"rows[{i}].Speaker"] = speaker, [$"rows[{i}].Kind"] = "remark", [$"rows[{i}].Text"] = text,
        };
        var fields = Row(0, s.Tate.ToString(), "noted that they needed icebreakers.")
            .Concat(Row(1, s.Tate.ToString(), "asked whether anyone would pay."))
            .Concat(Row(2, "", "noted that nobody would."))
            .ToDictionary();
        var refused = await ann.PostFormAsync(s.Page(s.One) + "/paste", s.Page(s.One) + "/paste/confirm", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Statement 3: choose who spoke", (await WebSession.ParseAsync(refused)).QuerySelector(".errors")!.TextContent);
        Assert.Empty((await s.GetAsync(s.One)).Statements);

        fields["rows[2].Speaker"] = "?";
        var saved = await ann.PostFormAsync(s.Page(s.One) + "/paste", s.Page(s.One) + "/paste/confirm", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(["William Tate", "William Tate", "A participant"], (await s.GetAsync(s.One)).Statements.Select(x => x.Label));
    }

    [Fact]
    public async Task Review_page_shows_each_leak_with_its_place_and_the_approve_post_is_refused_while_open()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.Two, s.Tate, "agreed, as Harlan said, that it held.", s.BenUserId);
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        await organizer.PostFormAsync(s.Page(s.Two) + "/review", s.Page(s.Two) + "/status", new() { ["status"] = "edited" });
        var review = await organizer.GetPageAsync(s.Page(s.Two) + "/review");
        var leak = review.QuerySelector(".leak.open")!;
        Assert.Contains("Final Presentation, discussion, statement 1", leak.TextContent);
        Assert.Equal("Harlan", leak.QuerySelector("mark")!.TextContent);
        var version = review.QuerySelector("input[name=version]")!.GetAttribute("value")!;
        var refused = await organizer.PostFormAsync(s.Page(s.Two) + "/review", s.Page(s.Two) + "/approve", new() { ["version"] = version });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("leak check found 1 name", (await WebSession.ParseAsync(refused)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(ProceedingStatus.Edited, (await s.GetAsync(s.Two)).Status);
    }
}
