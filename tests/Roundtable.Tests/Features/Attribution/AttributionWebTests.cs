using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Tests.Features.Proceedings;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Attribution;

/// <summary>
/// Choosing how a statement's label prints, and marking an unidentified voice as the same as an earlier one, through
/// the JSON API the workspace and scripts use; every refusal is a 400 with the reason, and nothing is half-saved.
/// </summary>
public sealed class AttributionWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<long> IdOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Contains(reason, body);
    }

    private static async Task<string[]> LabelsAsync(WebSession session, string api) =>
        (await session.Client.GetFromJsonAsync<JsonElement>(api)).GetProperty("statements").EnumerateArray()
            .Select(s => s.GetProperty("label").GetString()!).ToArray();

    [Fact]
    public async Task An_unidentified_voice_marked_as_the_same_as_an_earlier_one_prints_as_the_first_participant()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var quiet = await app.ParticipantAsync(s.RoundtableId, await app.PersonAsync("Xavier Quiet", $"quiet-{s.Tag}@pc.example.org"), false);
        using var ann = await app.SignInAsync(s.AnnEmail);
        var statements = s.Api(s.One) + "/statements";
        var first = await IdOf(await ann.PostJsonAsync(statements, new { kind = "question", text = "asked whether the ice would hold." }));
        await IdOf(await ann.PostJsonAsync(statements, new { speakerId = quiet, kind = "remark", text = "doubted it." }));
        var third = await IdOf(await ann.PostJsonAsync(statements, new { sameVoiceAs = first, kind = "remark", text = "insisted that it would." }));
        await IdOf(await ann.PostJsonAsync(statements, new { sameVoiceAsNumber = 2, kind = "remark", text = "was not persuaded." }));
        Assert.Equal(["A participant", "Another participant", "The first participant", "The second participant"], await LabelsAsync(ann, s.Api(s.One)));

        // The workspace shows the link as the number the rapporteur sees, and the label as it will print.
        var page = await ann.GetPageAsync(s.Page(s.One));
        var card = page.QuerySelector($"li.stmt[data-id='{third}']")!;
        Assert.Equal("1", card.QuerySelector(".stmt-same")!.GetAttribute("value"));
        Assert.Equal("The first participant", card.QuerySelector(".stmt-label")!.TextContent);
        Assert.Contains("The first participant", page.QuerySelector("#published")!.TextContent);
        Assert.DoesNotContain("Xavier", page.QuerySelector("#published")!.TextContent);
    }

    [Fact]
    public async Task Same_voice_links_that_cannot_hold_are_refused_and_nothing_is_saved()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        var statements = s.Api(s.One) + "/statements";
        var first = await IdOf(await ann.PostJsonAsync(statements, new { kind = "remark", text = "noted the thaw." }));
        var second = await IdOf(await ann.PostJsonAsync(statements, new { sameVoiceAs = first, kind = "remark", text = "noted it again." }));
        var tate = await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, kind = "remark", text = "agreed." }));
        var elsewhere = await IdOf(await organizer.PostJsonAsync(s.Api(s.Two) + "/statements", new { kind = "remark", text = "spoke elsewhere." }));
        var before = await LabelsAsync(ann, s.Api(s.One));

        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { sameVoiceAs = elsewhere, kind = "remark", text = "x." }), "another presentation");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { sameVoiceAs = tate, kind = "remark", text = "x." }), "named speaker (William Tate)");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { sameVoiceAs = first, speakerId = s.Tate, kind = "remark", text = "x." }), "for an unidentified speaker");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { sameVoiceAsNumber = 9, kind = "remark", text = "x." }), "no statement 9");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { sameVoiceAs = first, after = 0, kind = "remark", text = "x." }), "not in this discussion");
        // A link back from the first to the second would be a circle; a link to a later statement, one that points at nothing earlier.
        await AssertRefusedAsync(await ann.PutJsonAsync($"{statements}/{first}", new { sameVoiceAs = second, kind = "remark", text = "noted the thaw.", revision = 1 }), "in a circle");
        var fourth = await IdOf(await ann.PostJsonAsync(statements, new { kind = "remark", text = "came last." }));
        await AssertRefusedAsync(await ann.PutJsonAsync($"{statements}/{first}", new { sameVoiceAs = fourth, kind = "remark", text = "noted the thaw.", revision = 1 }), "comes after this one");
        await AssertRefusedAsync(await ann.PutJsonAsync($"{statements}/{first}", new { sameVoiceAs = first, kind = "remark", text = "noted the thaw.", revision = 1 }), "as itself");

        var after = await LabelsAsync(ann, s.Api(s.One));
        Assert.Equal([.. before, "A participant"], after);
        var stored = (await s.GetAsync(s.One)).Statements.Single(x => x.Id == first);
        Assert.Equal((1L, (long?)null), (stored.Revision, stored.SameVoiceAs));
    }

    [Fact]
    public async Task A_chosen_form_prints_and_a_form_that_would_name_someone_who_may_not_be_named_is_refused()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        var statements = s.Api(s.One) + "/statements";
        await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, kind = "remark", text = "argued for patience." }));
        var shortened = await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, labelForm = "short", kind = "remark", text = "went on to say more." }));
        await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, labelForm = "participant", kind = "remark", text = "added a thought off the record." }));
        // The presenter of One may not be named, and may not be recorded at all: both print "The presenter".
        await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Harlan, kind = "reply", text = "replied that it was early days." }));
        await IdOf(await ann.PostJsonAsync(statements, new { presenter = true, kind = "reply", text = "added one more point." }));
        Assert.Equal(["William Tate", "Tate", "A participant", "The presenter", "The presenter"], await LabelsAsync(ann, s.Api(s.One)));

        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { speakerId = s.Harlan, labelForm = "name", kind = "remark", text = "x." }), "James Harlan may not be named");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { speakerId = s.Harlan, labelForm = "short", kind = "remark", text = "x." }), "may not be named");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { labelForm = "name", kind = "remark", text = "x." }), "no name to print");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, labelForm = "audience-member", kind = "remark", text = "x." }), "from the audience");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, labelForm = "first-mention", kind = "remark", text = "x." }), "no first-mention form");
        await AssertRefusedAsync(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, presenter = true, kind = "remark", text = "x." }), "does not present this presentation");
        await AssertRefusedAsync(await ann.PutJsonAsync($"{statements}/{shortened}", new { speakerId = s.Harlan, labelForm = "short", kind = "remark", text = "went on to say more.", revision = 1 }), "may not be named");
        Assert.Equal(5, (await s.GetAsync(s.One)).Statements.Count);
        Assert.Equal("Tate", (await s.GetAsync(s.One)).Statements[1].Label);
    }

    [Fact]
    public async Task An_audience_phrase_that_names_someone_who_may_not_be_named_is_refused()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        var url = $"/api/roundtables/{s.RoundtableId}/participants/{s.Tate}";
        var refused = await organizer.PutJsonAsync(url, new { personId = 0, roles = new[] { "participant" }, mayBeNamed = true, audiencePhrase = "of Harlan's institute" });
        await AssertRefusedAsync(refused, "James Harlan");
        var saved = await organizer.PutJsonAsync(url, new { personId = 0, roles = new[] { "participant" }, mayBeNamed = true, audiencePhrase = "of the Arms Control Institute" });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal("of the Arms Control Institute", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("audiencePhrase").GetString());

        using var ann = await app.SignInAsync(s.AnnEmail);
        var statements = s.Api(s.One) + "/statements";
        await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, audience = true, kind = "question", text = "asked about the ice." }));
        await IdOf(await ann.PostJsonAsync(statements, new { speakerId = s.Tate, audience = true, kind = "question", text = "asked again." }));
        Assert.Equal(["William Tate of the Arms Control Institute (audience)", "William Tate"], await LabelsAsync(ann, s.Api(s.One)));
    }

    [Fact]
    public async Task Pasted_notes_carry_same_voice_marks_and_the_unrecorded_presenter_into_the_discussion()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        using var ann = await app.SignInAsync(s.AnnEmail);
        await IdOf(await ann.PostJsonAsync(s.Api(s.One) + "/statements", new { speakerId = s.Tate, kind = "remark", text = "opened the discussion." }));
        var notes = "?: Who pays for the icebreakers?\n\n? asked whether fees were set by treaty.\n\n? (same as 1): Nobody, it seems.\n\nThe presenter replied that fees were a start.";
        var response = await ann.PostFormAsync(s.Page(s.One) + "/paste", s.Page(s.One) + "/paste", new() { ["notes"] = notes });
        var review = await WebSession.ParseAsync(response);
        Assert.Equal("1", review.QuerySelector("input[name='rows[2].SameAs']")!.GetAttribute("value"));
        // The form as proposed, confirmed unchanged (One's presenter is recorded, so "The presenter" matched him).
        var fields = review.QuerySelectorAll(".paste-rows input, .paste-rows select, .paste-rows textarea")
            .Select(e => (Name: e.GetAttribute("name")!, Value: e switch
            {
                AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value ?? "",
                AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
                AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" } box => box.IsChecked ? box.Value : null,
                AngleSharp.Html.Dom.IHtmlInputElement input => input.Value,
                _ => null,
            }))
            .Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!);
        fields["rows[3].Speaker"] = "presenter";
        var saved = await ann.PostFormAsync(s.Page(s.One) + "/paste", s.Page(s.One) + "/paste/confirm", fields);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var statements = (await s.GetAsync(s.One)).Statements;
        Assert.Equal(["William Tate", "A participant", "Another participant", "The first participant", "The presenter"], statements.Select(x => x.Label));
        Assert.Equal(statements[1].Id, statements[3].SameVoiceAs);
        Assert.True(statements[4].ByPresenter);
    }
}
