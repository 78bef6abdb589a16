using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Mailings;

public sealed class JobsDashboardTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task An_organizer_sees_the_hangfire_dashboard()
    {
        await app.CreateUserAsync("org@dash.example.org", Roles.Organizer);
        using var web = await app.SignInAsync("org@dash.example.org");
        var response = await web.Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Roundtable · background jobs", await response.Content.ReadAsStringAsync());
        var recurring = await web.Client.GetAsync("/hangfire/recurring");
        Assert.Contains("outbox-sweep", await recurring.Content.ReadAsStringAsync());
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
}
