using System.Net;
using System.Security.Claims;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Mailings;

public sealed class JobsDashboardTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task An_administrator_sees_the_hangfire_dashboard()
    {
        await app.CreateUserAsync("admin@dash.example.org", Roles.Administrator);
        using var web = await app.SignInAsync("admin@dash.example.org");
        var response = await web.Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Roundtable · background jobs", await response.Content.ReadAsStringAsync());
        var recurring = await web.Client.GetAsync("/hangfire/recurring");
        Assert.Contains("outbox-sweep", await recurring.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_organizer_who_is_no_administrator_is_refused()
    {
        await app.CreateUserAsync("org@dash.example.org", Roles.Organizer);
        using var organizer = await app.SignInAsync("org@dash.example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.GetAsync("/hangfire/recurring")).StatusCode);
        Assert.DoesNotContain(await organizer.Client.GetStringAsync("/roundtables"), "href=\"/hangfire\"");
    }

    [Fact]
    public async Task A_rapporteur_is_refused_and_an_anonymous_visitor_is_sent_to_sign_in()
    {
        await app.CreateUserAsync("rap@dash.example.org", Roles.Rapporteur);
        using var rapporteur = await app.SignInAsync("rap@dash.example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/hangfire/jobs/enqueued")).StatusCode);

        using var anonymous = new WebSession(app.NewClient());
        var response = await anonymous.Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    // The route's policy answers before the filter, so the requests above would pass without it: ask the filter alone.
    [Fact]
    public void The_dashboard_filter_itself_lets_an_administrator_in()
    {
        Assert.True(new Jobs.AdministratorOnly().Authorize(Dashboard(SignIn.ToPrincipal(Account(Roles.Organizer, administrator: true)))));
    }

    [Fact]
    public void The_dashboard_filter_itself_keeps_an_organizer_a_rapporteur_a_participant_and_an_anonymous_visitor_out()
    {
        var filter = new Jobs.AdministratorOnly();
        Assert.False(filter.Authorize(Dashboard(SignIn.ToPrincipal(Account(Roles.Organizer)))));
        Assert.False(filter.Authorize(Dashboard(SignIn.ToPrincipal(Account(Roles.Rapporteur)))));
        Assert.False(filter.Authorize(Dashboard(SignIn.ToPrincipal(Account("participant")))));
        Assert.False(filter.Authorize(Dashboard(new ClaimsPrincipal(new ClaimsIdentity()))));
    }

    private static UserAccount Account(string role, bool administrator = false) =>
        new() { Id = 7, Email = $"{role}@filter.example.org", DisplayName = role, Role = role, IsAdministrator = administrator, PersonId = 11 };

    // The context the dashboard middleware makes for a request, over this app's services and job storage.
    private AspNetCoreDashboardContext Dashboard(ClaimsPrincipal user) =>
        new(app.Services.GetRequiredService<JobStorage>(), new DashboardOptions(), new DefaultHttpContext { User = user, RequestServices = app.Services });
}
