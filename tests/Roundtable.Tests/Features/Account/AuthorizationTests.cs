using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Account;

/// <summary>Each role against each controller: anonymous, rapporteur (assigned and not), organizer (own and another's).</summary>
public sealed class AuthorizationTests(AuthorizationTests.Seeded app) : IClassFixture<AuthorizationTests.Seeded>
{
    private long roundtableId => app.RoundtableId;
    private long otherRoundtableId => app.OtherRoundtableId;
    private long presentationId => app.PresentationId;
    private long participationId => app.ParticipationId;

    /// <summary>The same accounts and roundtables for every test of the class, made once.</summary>
    public sealed class Seeded : AppFactory, IAsyncLifetime
    {
        public long RoundtableId { get; private set; }
        public long OtherRoundtableId { get; private set; }
        public long PresentationId { get; private set; }
        public long ParticipationId { get; private set; }

        public async Task InitializeAsync()
        {
            var app = this;
            var owner = await app.CreateUserAsync("owner@authz.example.org", Roles.Organizer);
            var other = await app.CreateUserAsync("other@authz.example.org", Roles.Organizer);
            var rapPerson = await app.PersonAsync("Rita Rapporteur", "rita@authz.example.org");
            await app.CreateUserAsync("rita@authz.example.org", Roles.Rapporteur, rapPerson);
            await app.CreateUserAsync("stranger@authz.example.org", Roles.Rapporteur);
            RoundtableId = await app.RoundtableAsync(owner, "Owned");
            OtherRoundtableId = await app.RoundtableAsync(other, "Not yours");
            ParticipationId = await app.ParticipantAsync(RoundtableId, rapPerson, true, "rapporteur");
            PresentationId = await app.PresentationAsync(RoundtableId, "Opening", rapporteurs: [ParticipationId]);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private string[] OrganizerPages => [
        "/people", "/people/new", "/people/import", "/account/users", "/account/users/new", "/roundtables/new",
        $"/roundtables/{roundtableId}/edit", $"/roundtables/{roundtableId}/agenda/{presentationId}",
        $"/roundtables/{roundtableId}/participants/{participationId}",
    ];

    private string[] ReadPages => [
        $"/roundtables/{roundtableId}", $"/roundtables/{roundtableId}/agenda", $"/roundtables/{roundtableId}/agenda/print",
        $"/roundtables/{roundtableId}/participants",
    ];

    [Fact]
    public async Task Anonymous_users_get_only_the_login_page()
    {
        using var web = new WebSession(app.NewClient());
        foreach (var url in OrganizerPages.Concat(ReadPages).Append("/roundtables").Append("/openapi/v1.json"))
        {
            var response = await web.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        foreach (var url in new[] { "/api/people", "/api/roundtables", $"/api/roundtables/{roundtableId}/presentations" })
        {
            var response = await web.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url}: {(int)response.StatusCode}");
        }
        await web.GetPageAsync("/account/login");
    }

    [Fact]
    public async Task Assigned_rapporteur_reads_the_agenda_but_no_organizer_page()
    {
        using var web = await app.SignInAsync("rita@authz.example.org");
        foreach (var url in ReadPages)
        {
            await web.GetPageAsync(url);
        }
        var agenda = await web.GetPageAsync($"/roundtables/{roundtableId}/agenda");
        Assert.Empty(agenda.QuerySelectorAll("#add-presentation"));
        foreach (var url in OrganizerPages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync(url)).StatusCode);
        }
        var list = await web.GetPageAsync("/roundtables");
        Assert.Contains(list.QuerySelectorAll("td a"), a => a.TextContent == "Owned");
        Assert.DoesNotContain(list.QuerySelectorAll("td a"), a => a.TextContent == "Not yours");
    }

    [Fact]
    public async Task Rapporteur_posting_to_an_organizer_form_gets_403_and_nothing_changes()
    {
        using var web = await app.SignInAsync("rita@authz.example.org");
        var response = await web.PostFormAsync($"/roundtables/{roundtableId}/agenda", $"/roundtables/{roundtableId}/agenda",
            new() { ["Form.Title"] = "Sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Not allowed", (await WebSession.ParseAsync(response)).QuerySelector("h1")!.TextContent);
        var moved = await web.PostFormAsync($"/roundtables/{roundtableId}/agenda", $"/roundtables/{roundtableId}/agenda/{presentationId}/delete", []);
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        var person = await web.PostFormAsync($"/roundtables/{roundtableId}/agenda", "/people/new", new() { ["Form.FullName"] = "Sneaky Person" });
        Assert.Equal(HttpStatusCode.Forbidden, person.StatusCode);
        var agenda = await web.GetPageAsync($"/roundtables/{roundtableId}/agenda");
        Assert.Single(agenda.QuerySelectorAll("#agenda tbody tr"));
    }

    [Fact]
    public async Task Rapporteur_not_on_the_roundtable_gets_403()
    {
        using var web = await app.SignInAsync("stranger@authz.example.org");
        foreach (var url in ReadPages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync($"/api/roundtables/{roundtableId}")).StatusCode);
    }

    [Fact]
    public async Task Organizer_of_another_roundtable_gets_403_on_every_page_and_api_of_it()
    {
        using var web = await app.SignInAsync("other@authz.example.org");
        foreach (var url in ReadPages.Append($"/roundtables/{roundtableId}/edit").Append($"/api/roundtables/{roundtableId}/participants"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync(url)).StatusCode);
        }
        var api = await web.PostJsonAsync($"/api/roundtables/{roundtableId}/presentations", new { title = "Nope" });
        Assert.True(api.StatusCode == HttpStatusCode.Forbidden, await api.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        await web.GetPageAsync($"/roundtables/{otherRoundtableId}");
    }

    [Fact]
    public async Task Organizer_of_the_roundtable_reaches_every_page()
    {
        using var web = await app.SignInAsync("owner@authz.example.org");
        foreach (var url in OrganizerPages.Concat(ReadPages))
        {
            await web.GetPageAsync(url);
        }
        Assert.Equal(HttpStatusCode.OK, (await web.Client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_refused()
    {
        using var web = await app.SignInAsync("owner@authz.example.org");
        var response = await web.Client.PostAsync("/people/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.FullName"] = "No Token" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await web.GetPageAsync("/people?q=no+token")).QuerySelectorAll("td a"));
    }
}
