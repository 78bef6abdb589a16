using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Roundtable.Tests.Features.Reports;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>Bearer tokens on the API: bad tokens, other organizers' roundtables, rights read at use, the OpenAPI document, and bad input to the new operations.</summary>
public sealed class ApiTokenTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? detail = null)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (detail is not null)
        {
            Assert.Contains(detail, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Revoked_expired_unknown_and_malformed_tokens_get_401_problem_details()
    {
        var userId = await app.CreateUserAsync("bad-tokens@tokens.example.org", Roles.Organizer);
        var revoked = await app.TokenAsync(userId, "to revoke");
        var expired = await app.TokenAsync(userId, "to expire");
        await using (var conn = await app.Db.OpenAsync())
        {
            var ids = (await conn.QueryAsync<long>("SELECT id FROM api_tokens WHERE user_id = @userId ORDER BY id", new { userId })).AsList();
            Assert.True(await app.Run<Roundtable.Web.Features.Account.RevokeApiToken, bool>(r => r.HandleAsync(userId, ids[0], CancellationToken.None)));
            // Its last day was yesterday (the page refuses such a day, so it is set here as time would have passed).
            await conn.ExecuteAsync("UPDATE api_tokens SET expires_at = @at WHERE id = @id", new { id = ids[1], at = DateTime.UtcNow.Date });
        }

        using var r = app.BearerClient(revoked);
        await AssertProblemAsync(await r.GetAsync("/api/roundtables"), HttpStatusCode.Unauthorized, "revoked");
        using var e = app.BearerClient(expired);
        var expiredAnswer = await e.GetAsync("/api/roundtables");
        await AssertProblemAsync(expiredAnswer, HttpStatusCode.Unauthorized, "expired");
        Assert.Contains("invalid_token", expiredAnswer.Headers.WwwAuthenticate.ToString());
        using var unknown = app.BearerClient("rt_" + new string('x', 43));
        await AssertProblemAsync(await unknown.PostAsJsonAsync("/api/people", new { fullName = "Nobody" }), HttpStatusCode.Unauthorized, "not known");
        using var malformed = app.BearerClient(new string('a', 300));
        await AssertProblemAsync(await malformed.GetAsync("/api/roundtables"), HttpStatusCode.Unauthorized, "malformed");

        // Nothing was written by the refused requests.
        await using var check = await app.Db.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE full_name = 'Nobody'"));
    }

    [Fact]
    public async Task A_token_carries_its_owners_rights_as_they_are_now()
    {
        var owner = await app.CreateUserAsync("owner@tokens.example.org", Roles.Organizer);
        var stranger = await app.CreateUserAsync("stranger@tokens.example.org", Roles.Organizer);
        var mine = await app.RoundtableAsync(owner, "Mine");
        var theirs = await app.RoundtableAsync(stranger, "Theirs");
        using var client = app.BearerClient(await app.TokenAsync(owner));

        await JsonAsync(await client.GetAsync($"/api/roundtables/{mine}/report"), HttpStatusCode.OK);
        await AssertProblemAsync(await client.GetAsync($"/api/roundtables/{theirs}/report"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PostAsync($"/api/roundtables/{theirs}/report/editions", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.GetAsync($"/api/roundtables/{theirs}/mailings"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.GetAsync("/api/roundtables/987654/report/editions"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await JsonAsync(await client.GetAsync("/api/roundtables"), HttpStatusCode.OK)).GetProperty("upcoming").EnumerateArray(),
            rt => rt.GetProperty("id").GetInt64() == theirs);

        // Demoted to rapporteur: the same token loses an organizer's rights at once.
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE users SET role = 'rapporteur' WHERE id = @owner", new { owner });
        }
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/roundtables", new { title = "Not any more", startDate = "2027-06-01", startTime = "09:00", endTime = "10:00", timeZone = "UTC" }),
            HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PostAsync($"/api/roundtables/{mine}/report/editions", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_openapi_document_is_read_with_a_token_and_lists_the_new_operations_and_the_bearer_scheme()
    {
        var userId = await app.CreateUserAsync("openapi@tokens.example.org", Roles.Rapporteur);
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);

        using var client = app.BearerClient(await app.TokenAsync(userId));
        var doc = await JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/roundtables/{roundtableId}/report", "put"),
            ("/api/roundtables/{roundtableId}/report/headings", "put"),
            ("/api/roundtables/{roundtableId}/report/questions", "post"),
            ("/api/roundtables/{roundtableId}/report/questions/{id}", "delete"),
            ("/api/roundtables/{roundtableId}/report/questions/order", "put"),
            ("/api/roundtables/{roundtableId}/report/editions", "post"),
            ("/api/roundtables/{roundtableId}/report/editions/{number}/html", "get"),
            ("/api/roundtables/{roundtableId}/report/editions/{number}/pdf", "get"),
            ("/api/roundtables/{roundtableId}/report/editions/compare", "get"),
            ("/api/roundtables/{roundtableId}/report/editions/{number}/publish", "post"),
            ("/api/roundtables/{roundtableId}/reconvene", "post"),
            ("/api/roundtables/{roundtableId}/invitations", "post"),
            ("/api/roundtables/{roundtableId}/invitations", "get"),
            ("/api/roundtables/{roundtableId}/mailings", "get"),
            ("/api/roundtables/{roundtableId}/mailings/{mailingId}", "get"),
            ("/api/roundtables/{roundtableId}/mailings/{mailingId}/cancel", "post"),
            ("/api/roundtables/{roundtableId}/mailings/{mailingId}/recipients/{outboxId}/resend", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document.");
        }
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rapporteur_token_edits_the_report_texts_but_cannot_assemble_publish_or_invite()
    {
        var s = await ReportScenario.CreateAsync(app);
        var person = await app.PersonAsync("Ria Writer", $"ria-{s.RoundtableId}@tokens.example.org");
        await app.ParticipantAsync(s.RoundtableId, person, true, "rapporteur");
        var rapporteur = await app.CreateUserAsync($"ria-{s.RoundtableId}@tokens.example.org", Roles.Rapporteur, person);
        using var client = app.BearerClient(await app.TokenAsync(rapporteur));
        var url = $"/api/roundtables/{s.RoundtableId}/report";

        var report = await JsonAsync(await client.GetAsync(url), HttpStatusCode.OK);
        var changed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(report.GetRawText())!;
        changed["abstract"] = JsonSerializer.SerializeToElement("Written by the rapporteur's script.");
        var saved = await JsonAsync(await client.PutAsJsonAsync(url, changed), HttpStatusCode.OK);
        Assert.Equal("Written by the rapporteur's script.", saved.GetProperty("abstract").GetString());

        await AssertProblemAsync(await client.PostAsync(url + "/editions", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PostAsJsonAsync(url + "/editions/1/publish", new { }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/roundtables/{s.RoundtableId}/invitations", new { participationIds = new[] { s.Director } }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/roundtables/{s.RoundtableId}/reconvene", new { }), HttpStatusCode.Forbidden);
        Assert.Empty((await JsonAsync(await client.GetAsync(url + "/editions"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Publishing_an_edition_that_does_not_exist_or_names_someone_who_may_not_be_named_is_refused_and_publishes_nothing()
    {
        var s = await ReportScenario.CreateAsync(app);
        using var client = app.BearerClient(await app.TokenAsync(s.OrganizerId));
        var url = $"/api/roundtables/{s.RoundtableId}/report";

        await AssertProblemAsync(await client.PostAsJsonAsync(url + "/editions/7/publish", new { }), HttpStatusCode.NotFound, "no edition 7");

        var report = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>((await JsonAsync(await client.GetAsync(url), HttpStatusCode.OK)).GetRawText())!;
        report["conferenceSummary"] = JsonSerializer.SerializeToElement("Quentin Quiet said the quiet part out loud.");
        await JsonAsync(await client.PutAsJsonAsync(url, report), HttpStatusCode.OK);
        var leaky = await JsonAsync(await client.PostAsync(url + "/editions", null), HttpStatusCode.Created);
        Assert.Equal(1, leaky.GetProperty("number").GetInt32());
        Assert.Contains(leaky.GetProperty("leakHits").EnumerateArray(), h => h.GetProperty("person").GetString() == "Quentin Quiet");

        var refused = await client.PostAsJsonAsync(url + "/editions/1/publish", new { });
        var problem = await JsonAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains(problem.GetProperty("leakHits").EnumerateArray(), h => h.GetProperty("person").GetString() == "Quentin Quiet");
        Assert.False((await JsonAsync(await client.GetAsync(url + "/editions/1"), HttpStatusCode.OK)).GetProperty("isPublished").GetBoolean());
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Null(await conn.ExecuteScalarAsync<long?>("SELECT published_edition_id FROM reports WHERE roundtable_id = @id", new { id = s.RoundtableId }));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE roundtable_id = @id AND action = 'edition published'", new { id = s.RoundtableId }));
        }

        // Bad input to the other operations: clear 4xx, nothing written.
        await AssertProblemAsync(await client.GetAsync(url + "/editions/compare?from=1&to=9"), HttpStatusCode.NotFound, "no edition 9");
        await AssertProblemAsync(await client.GetAsync(url + "/editions/9/pdf"), HttpStatusCode.NotFound);
        var badHeadings = await JsonAsync(await client.PutAsJsonAsync(url + "/headings", new { documentation = "", contents = "Contents", foreword = "Foreword", rapporteurs = "R", participants = "P", summary = "S", implications = "I", recommendations = "W", appendix = "A", discussion = "D" }), HttpStatusCode.BadRequest);
        Assert.True(badHeadings.GetProperty("errors").TryGetProperty("Documentation", out _));
        Assert.Equal("Report Documentation Page", (await JsonAsync(await client.GetAsync(url + "/headings"), HttpStatusCode.OK)).GetProperty("documentation").GetString());
        await JsonAsync(await client.PostAsJsonAsync(url + "/questions", new { text = "" }), HttpStatusCode.BadRequest);
        var q = await JsonAsync(await client.PostAsJsonAsync(url + "/questions", new { text = "Who pays?" }), HttpStatusCode.Created);
        await JsonAsync(await client.PutAsJsonAsync(url + "/questions/order", new { ids = new[] { q.GetProperty("id").GetInt64(), 987654L } }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PutAsJsonAsync(url + "/questions/987654", new { text = "Nope" }), HttpStatusCode.NotFound);
        await JsonAsync(await client.PostAsJsonAsync($"/api/roundtables/{s.RoundtableId}/invitations", new { participationIds = new[] { 987654L } }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.GetAsync($"/api/roundtables/{s.RoundtableId}/mailings/987654"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PostAsync($"/api/roundtables/{s.RoundtableId}/mailings/987654/cancel", null), HttpStatusCode.NotFound);

        var past = await JsonAsync(await client.PostAsJsonAsync($"/api/roundtables/{s.RoundtableId}/reconvene", new
        {
            details = new { title = "Too late", startDate = "2020-01-01", startTime = "09:00", endTime = "12:00", timeZone = "UTC" },
        }), HttpStatusCode.BadRequest);
        Assert.Contains("has passed", past.GetProperty("errors").GetProperty("Details.StartDate")[0].GetString());
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM roundtables WHERE title = 'Too late'"));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @id", new { id = s.RoundtableId }));
        }
    }
}
