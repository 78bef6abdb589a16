using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>A script loads a roundtable through the JSON API and reads it back.</summary>
public sealed class ApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.NewClient();
        var login = await client.PostAsJsonAsync("/api/account/login", new { email, password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_script_loads_a_whole_roundtable_and_reads_it_back()
    {
        await app.CreateUserAsync("script@api.example.org", Roles.Organizer);
        using var client = await SignedInAsync("script@api.example.org");

        var speaker = await JsonAsync(await client.PostAsJsonAsync("/api/people", new { fullName = "Peter Hakim", email = "hakim@api.example.org", affiliation = "Inter-American Dialogue" }), HttpStatusCode.Created);
        var hidden = await JsonAsync(await client.PostAsJsonAsync("/api/people", new { fullName = "Quiet Person", email = "quiet@api.example.org" }), HttpStatusCode.Created);
        var rt = await JsonAsync(await client.PostAsJsonAsync("/api/roundtables", new
        {
            title = "Scripted roundtable", startDate = "2027-06-01", startTime = "09:00", endTime = "16:00", timeZone = "America/Chicago", status = "planning",
        }), HttpStatusCode.Created);
        var rid = rt.GetProperty("id").GetInt64();

        var p1 = await JsonAsync(await client.PostAsJsonAsync($"/api/roundtables/{rid}/participants",
            new { personId = speaker.GetProperty("id").GetInt64(), roles = new[] { "presenter", "participant" }, mayBeNamed = true }), HttpStatusCode.Created);
        var p2 = await JsonAsync(await client.PostAsJsonAsync($"/api/roundtables/{rid}/participants",
            new { personId = hidden.GetProperty("id").GetInt64(), roles = new[] { "presenter" }, mayBeNamed = false }), HttpStatusCode.Created);

        var a = await JsonAsync(await client.PostAsJsonAsync($"/api/roundtables/{rid}/presentations",
            new { title = "First talk", startTime = "09:15", endTime = "10:00", presenterIds = new[] { p1.GetProperty("id").GetInt64() }, presenterNamed = true }), HttpStatusCode.Created);
        var b = await JsonAsync(await client.PostAsJsonAsync($"/api/roundtables/{rid}/presentations",
            new { title = "Second talk", presenterIds = new[] { p2.GetProperty("id").GetInt64() }, presenterNamed = false }), HttpStatusCode.Created);
        Assert.Equal("Final Presentation", b.GetProperty("label").GetString());

        var reordered = await JsonAsync(await client.PutAsJsonAsync($"/api/roundtables/{rid}/presentations/order",
            new { ids = new[] { b.GetProperty("id").GetInt64(), a.GetProperty("id").GetInt64() } }), HttpStatusCode.OK);
        Assert.Equal(["Second talk", "First talk"], reordered.EnumerateArray().Select(p => p.GetProperty("title").GetString()));
        Assert.Equal(["Initial Presentation", "Final Presentation"], reordered.EnumerateArray().Select(p => p.GetProperty("label").GetString()));

        var doc = await JsonAsync(await client.GetAsync($"/api/roundtables/{rid}"), HttpStatusCode.OK);
        Assert.Equal("Scripted roundtable", doc.GetProperty("roundtable").GetProperty("title").GetString());
        Assert.Equal(2, doc.GetProperty("participants").GetArrayLength());
        Assert.Equal("Peter Hakim", doc.GetProperty("presentations")[1].GetProperty("presenters")[0].GetProperty("fullName").GetString());

        var presenters = await JsonAsync(await client.GetAsync($"/api/roundtables/{rid}/participants?role=presenter"), HttpStatusCode.OK);
        Assert.Equal(2, presenters.GetArrayLength());
        var list = await JsonAsync(await client.GetAsync("/api/roundtables"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("upcoming").EnumerateArray(), r => r.GetProperty("id").GetInt64() == rid);
    }

    [Fact]
    public async Task A_person_read_from_the_api_can_be_put_back_as_it_is()
    {
        await app.CreateUserAsync("roundtrip@api.example.org", Roles.Organizer);
        using var client = await SignedInAsync("roundtrip@api.example.org");
        var created = await JsonAsync(await client.PostAsJsonAsync("/api/people", new { fullName = "Round Trip", email = "trip@api.example.org" }), HttpStatusCode.Created);
        var url = $"/api/people/{created.GetProperty("id").GetInt64()}";
        var read = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Equal("", JsonDocument.Parse(read).RootElement.GetProperty("phone").GetString());

        var put = await JsonAsync(await client.PutAsync(url, new StringContent(read, Encoding.UTF8, "application/json")), HttpStatusCode.OK);
        Assert.Equal(read, put.GetRawText());
    }

    [Fact]
    public async Task Posts_without_a_declared_body_take_json_or_nothing_and_refuse_other_types()
    {
        var organizer = await app.CreateUserAsync("types@api.example.org", Roles.Organizer);
        var rid = await app.RoundtableAsync(organizer, "Content types");
        var presentation = await app.PresentationAsync(rid, "Typed");
        using var client = await SignedInAsync("types@api.example.org");
        var form = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" });
        var text = () => new StringContent("restore please", Encoding.UTF8, "text/plain");

        var restore = await client.PostAsync($"/api/roundtables/{rid}/presentations/{presentation}/proceedings/statements/987654/restore", text());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, restore.StatusCode);
        Assert.Equal("application/problem+json", restore.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/api/account/logout", form())).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/api/account/logout", text())).StatusCode);

        // Still signed in; JSON or no body at all is accepted.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/roundtables")).StatusCode);
        Assert.NotEqual(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync($"/api/roundtables/{rid}/presentations/{presentation}/proceedings/statements/987654/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/account/logout", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_writes_nothing()
    {
        await app.CreateUserAsync("bad@api.example.org", Roles.Organizer);
        using var client = await SignedInAsync("bad@api.example.org");

        var invalid = await client.PostAsJsonAsync("/api/roundtables", new { title = "", startDate = "2027-06-01", startTime = "12:00", endTime = "11:00", timeZone = "Nowhere/City" });
        var problem = await JsonAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Title", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("TimeZone", out _));

        var farFuture = await client.PostAsJsonAsync("/api/roundtables", new { title = "Far", startDate = "9999-12-31", startTime = "09:00", endTime = "11:00", timeZone = "UTC" });
        Assert.Equal("The date must be between 1 January 1900 and 31 December 2199.",
            (await JsonAsync(farFuture, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("StartDate")[0].GetString());

        await JsonAsync(await client.PostAsJsonAsync("/api/people", new { fullName = "Once", email = "once@api.example.org" }), HttpStatusCode.Created);
        var dup = await JsonAsync(await client.PostAsJsonAsync("/api/people", new { fullName = "Twice", email = "ONCE@api.example.org" }), HttpStatusCode.BadRequest);
        Assert.Contains("already has the email", dup.GetProperty("errors").GetProperty("Email")[0].GetString());

        var broken = await client.PostAsync("/api/people", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);

        var form = await client.PostAsync("/api/people", new FormUrlEncodedContent(new Dictionary<string, string> { ["fullName"] = "Form Post" }));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        var missing = await client.GetAsync("/api/roundtables/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/people/987654")).StatusCode);

        var people = await JsonAsync(await client.GetAsync("/api/people?q=twice"), HttpStatusCode.OK);
        Assert.Equal(0, people.GetArrayLength());

        var import = await JsonAsync(await client.PostAsJsonAsync("/api/people/import", new { csv = "full_name,email\nGood Row,good@api.example.org\nBad Row,nope\n" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, import.GetProperty("errors").GetInt32());
        Assert.Equal(0, (await JsonAsync(await client.GetAsync("/api/people?q=good+row"), HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Wrong_password_on_the_api_is_a_problem_not_a_cookie()
    {
        await app.CreateUserAsync("pw@api.example.org", Roles.Rapporteur);
        using var client = app.NewClient();
        var login = await client.PostAsJsonAsync("/api/account/login", new { email = "pw@api.example.org", password = "nope-nope-nope" });
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/roundtables")).StatusCode);
    }

    [Fact]
    public async Task Rapporteur_cannot_write_through_the_api()
    {
        await app.CreateUserAsync("rap@api.example.org", Roles.Rapporteur);
        using var client = await SignedInAsync("rap@api.example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/people", new { fullName = "X", email = "x@api.example.org" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/roundtables", new { title = "X" })).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api()
    {
        await app.CreateUserAsync("doc@api.example.org", Roles.Organizer);
        using var client = await SignedInAsync("doc@api.example.org");
        var doc = await JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/people", paths);
        Assert.Contains("/api/roundtables/{roundtableId}/presentations/order", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/error", StringComparison.Ordinal));
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
    }
}
