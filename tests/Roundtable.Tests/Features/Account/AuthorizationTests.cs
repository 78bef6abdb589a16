using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Account;

/// <summary>
/// Each role against each controller: anonymous, rapporteur (assigned and not), organizer (own and another's),
/// administrator; and the account takeover through a link to someone else's person.
/// </summary>
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
        public long OwnerPersonId { get; private set; }
        public long RitaPersonId { get; private set; }
        public long SharedPersonId { get; private set; }

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
            await app.CreateUserAsync("admin@authz.example.org", Roles.Administrator);
            RitaPersonId = rapPerson;
            // The owner as a person of the directory, organizer of their roundtable; and someone on both roundtables.
            OwnerPersonId = await app.PersonAsync("Olga Owner", "olga@authz.example.org");
            await app.ParticipantAsync(RoundtableId, OwnerPersonId, true, "organizer");
            SharedPersonId = await app.PersonAsync("Sam Shared", "sam@authz.example.org");
            await app.ParticipantAsync(RoundtableId, SharedPersonId, true, "participant");
            await app.ParticipantAsync(OtherRoundtableId, SharedPersonId, true, "participant");
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

    [Fact]
    public async Task An_organizer_cannot_create_an_account_linked_to_the_person_of_another_roundtables_organizer_or_rapporteur()
    {
        using var web = await app.SignInAsync("other@authz.example.org");
        foreach (var (role, personId, email) in new[]
        {
            ("organizer", app.OwnerPersonId, "takeover-org@authz.example.org"),
            ("rapporteur", app.RitaPersonId, "takeover-rap@authz.example.org"),
            ("organizer", (long?)null, "olga@authz.example.org"),
        })
        {
            var fields = new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = "Takeover", ["Role"] = role, ["Password"] = "takeover-pass-2026" };
            if (personId is { } id)
            {
                fields["PersonId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            var response = await web.PostFormAsync("/account/users/new", "/account/users/new", fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("only an administrator", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
            using var attacker = new WebSession(app.NewClient());
            var signIn = await attacker.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = email, ["Password"] = "takeover-pass-2026" });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }
        var administrator = await web.PostFormAsync("/account/users/new", "/account/users/new", new()
        {
            ["Email"] = "self-made-admin@authz.example.org", ["DisplayName"] = "Self-made", ["Role"] = "administrator", ["Password"] = "takeover-pass-2026",
        });
        Assert.Contains("Only an administrator", (await WebSession.ParseAsync(administrator)).QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task A_link_made_by_a_plain_organizer_gives_nothing_on_a_roundtable_they_did_not_create()
    {
        // The other organizer links an account (whose password they know) to someone on no roundtable yet...
        var fresh = await app.PersonAsync("Fred Fresh", "fred@authz.example.org");
        using (var other = await app.SignInAsync("other@authz.example.org"))
        {
            await other.SubmitAsync("/account/users/new", "/account/users/new", new()
            {
                ["Email"] = "fred-account@authz.example.org", ["DisplayName"] = "Fred", ["Role"] = "organizer", ["Password"] = "kestrel-window-42",
                ["PersonId"] = fresh.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        // ...whom the owner later makes organizer and rapporteur of a roundtable of theirs.
        var owner = await app.CreateUserAsync("owner@authz.example.org", Roles.Organizer);
        var later = await app.RoundtableAsync(owner, "Later one");
        var participation = await app.ParticipantAsync(later, fresh, true, "organizer", "rapporteur");
        var presentation = await app.PresentationAsync(later, "Later talk", rapporteurs: [participation]);

        using var web = await app.SignInAsync("fred-account@authz.example.org", "kestrel-window-42");
        foreach (var url in new[] { $"/roundtables/{later}", $"/roundtables/{later}/edit", $"/roundtables/{later}/followup", $"/roundtables/{later}/proceedings/{presentation}" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync(url)).StatusCode);
        }
        Assert.DoesNotContain((await web.GetPageAsync("/roundtables")).QuerySelectorAll("td a"), a => a.TextContent == "Later one");
    }

    [Fact]
    public async Task An_organizer_links_an_account_to_their_own_rapporteur_and_it_reads_their_roundtable()
    {
        var rory = await app.PersonAsync("Rory Own", "rory@authz.example.org");
        var owner = await app.CreateUserAsync("owner@authz.example.org", Roles.Organizer);
        var own = await app.RoundtableAsync(owner, "Rory's roundtable");
        await app.ParticipantAsync(own, rory, true, "rapporteur");
        using (var web = await app.SignInAsync("owner@authz.example.org"))
        {
            await web.SubmitAsync("/account/users/new", "/account/users/new", new()
            {
                ["Email"] = "rory@authz.example.org", ["DisplayName"] = "Rory", ["Role"] = "rapporteur", ["Password"] = "osprey-lantern-17",
            });
        }
        using var rapporteur = await app.SignInAsync("rory@authz.example.org", "osprey-lantern-17");
        await rapporteur.GetPageAsync($"/roundtables/{own}");
        Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync($"/roundtables/{roundtableId}")).StatusCode);
    }

    [Fact]
    public async Task An_organizer_reads_only_the_people_of_their_roundtables()
    {
        using var web = await app.SignInAsync("other@authz.example.org");
        var list = await web.GetPageAsync("/people");
        Assert.DoesNotContain("Rita Rapporteur", list.Body!.TextContent);
        Assert.Contains("Sam Shared", list.Body!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync($"/people/{app.RitaPersonId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Client.GetAsync($"/api/people/{app.RitaPersonId}")).StatusCode);
        Assert.DoesNotContain("rita@authz", await web.Client.GetStringAsync("/api/people"));
        var participants = await web.GetPageAsync($"/roundtables/{otherRoundtableId}/participants");
        Assert.DoesNotContain(participants.QuerySelectorAll("#Form_PersonId option"), o => o.TextContent.Contains("Rita"));
        var pulled = await web.PostFormAsync($"/roundtables/{otherRoundtableId}/participants", $"/roundtables/{otherRoundtableId}/participants", new()
        {
            ["Form.PersonId"] = app.RitaPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Roles"] = "participant",
        });
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Contains("Choose a person from the list", (await WebSession.ParseAsync(pulled)).QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task An_organizer_cannot_pull_someone_of_another_roundtable_into_a_follow_up_by_typing_their_email()
    {
        using var web = await app.SignInAsync("other@authz.example.org");
        var url = $"/roundtables/{otherRoundtableId}/reconvene";
        var response = await web.PostFormAsync(url, url, new()
        {
            ["Form.Details.Title"] = "Pulled", ["Form.Details.StartDate"] = "2027-09-01", ["Form.Details.StartTime"] = "10:00",
            ["Form.Details.EndTime"] = "16:00", ["Form.Details.TimeZone"] = "UTC", ["Form.NewPeople"] = "Rita <RITA@authz.example.org>",
        }, [KeyValuePair.Create("Form.AddPeople", app.RitaPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent;
        Assert.Contains("Choose people from the list", errors);
        Assert.Contains("rita@authz.example.org is in the directory for a roundtable you do not organize", errors);
        Assert.DoesNotContain((await web.GetPageAsync("/roundtables")).QuerySelectorAll("td a"), a => a.TextContent == "Pulled");
    }

    [Fact]
    public async Task An_organizer_cannot_change_someone_who_is_also_on_a_roundtable_they_do_not_organize()
    {
        using var web = await app.SignInAsync("owner@authz.example.org");
        var page = await web.GetPageAsync($"/people/{app.SharedPersonId}");
        Assert.NotNull(page.QuerySelector("#read-only"));
        Assert.DoesNotContain(page.QuerySelectorAll("form button[type=submit]"), b => b.TextContent == "Save");
        var post = await web.PostFormAsync($"/people/{app.RitaPersonId}", $"/people/{app.SharedPersonId}", new()
        {
            ["Form.FullName"] = "Sam Shared", ["Form.Email"] = "attacker@authz.example.org",
        });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var api = await web.PutJsonAsync($"/api/people/{app.SharedPersonId}", new { fullName = "Sam Shared", email = "attacker@authz.example.org" });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var import = await web.PostJsonAsync("/api/people/import", new { csv = "full_name,email,phone\nSam Shared,sam@authz.example.org,+1 555 0100\n" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, import.StatusCode);

        // Their own rapporteur, on no one else's roundtable, they may change.
        var own = await web.GetPageAsync($"/people/{app.RitaPersonId}");
        Assert.Null(own.QuerySelector("#read-only"));

        using var admin = await app.SignInAsync("admin@authz.example.org");
        var sam = await admin.GetPageAsync($"/people/{app.SharedPersonId}");
        Assert.Equal("sam@authz.example.org", sam.QuerySelector("#Form_Email")!.GetAttribute("value"));
        Assert.Null(sam.QuerySelector("#read-only"));
    }

    [Fact]
    public async Task An_administrator_sees_every_account_and_person_and_the_jobs_an_organizer_only_their_own()
    {
        using var admin = await app.SignInAsync("admin@authz.example.org");
        var accounts = await admin.GetPageAsync("/account/users");
        Assert.Contains("rita@authz.example.org", accounts.Body!.TextContent);
        Assert.Contains("owner@authz.example.org", accounts.Body!.TextContent);
        var people = await admin.GetPageAsync("/people");
        Assert.Contains("Rita Rapporteur", people.Body!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/hangfire")).StatusCode);

        using var organizer = await app.SignInAsync("other@authz.example.org");
        Assert.DoesNotContain("rita@authz.example.org", (await organizer.GetPageAsync("/account/users")).Body!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.GetAsync("/hangfire")).StatusCode);

        using var rapporteur = await app.SignInAsync("rita@authz.example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/account/users")).StatusCode);
    }
}
