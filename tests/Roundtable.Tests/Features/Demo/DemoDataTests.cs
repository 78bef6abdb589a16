using Dapper;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Demo;

public sealed class DemoApp : AppFactory
{
    protected override string EnvironmentName => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Demo:Password"] = "demo-password-for-tests",
    };
}

public sealed class DemoDataTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task First_start_in_development_creates_a_realistic_roundtable_once()
    {
        using var web = await app.SignInAsync("voss@meridian.example.org", "demo-password-for-tests");
        var list = await web.GetPageAsync("/roundtables");
        var link = list.QuerySelectorAll("td a").Single(a => a.TextContent == "Cooperation and Competition in the High North");
        var agenda = await web.GetPageAsync(link.GetAttribute("href") + "/agenda");
        var labels = agenda.QuerySelectorAll("#agenda .ordinal").Select(e => e.TextContent).ToArray();
        Assert.Equal(6, labels.Length);
        Assert.Equal("Initial Presentation", labels[0]);
        Assert.Equal("Final Presentation", labels[^1]);
        Assert.Single(agenda.QuerySelectorAll("#agenda .badge.unnamed"));

        var participants = await web.GetPageAsync(link.GetAttribute("href") + "/participants?role=rapporteur");
        Assert.Equal(2, participants.QuerySelectorAll("#participants tbody tr").Length);

        await using var conn = await app.Db.OpenAsync();
        Assert.InRange(await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people"), 12, 20);
        Assert.Equal(3, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));

        // A second start finds the demo and adds nothing.
        var seeded = await app.Run<Roundtable.Web.Features.Demo.SeedDemo, bool>(s => s.HandleAsync("demo-password-for-tests", CancellationToken.None));
        Assert.False(seeded);
        // The held roundtable, its follow-up, and an upcoming one whose invitations a new user can send.
        Assert.Equal(3, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM roundtables"));
    }

    [Fact]
    public async Task Demo_rapporteur_signs_in_and_reads_the_agenda()
    {
        using var web = await app.SignInAsync("okafor@meridian.example.org", "demo-password-for-tests");
        var list = await web.GetPageAsync("/roundtables");
        var href = list.QuerySelectorAll("td a").Single(a => a.TextContent == "Cooperation and Competition in the High North").GetAttribute("href");
        var agenda = await web.GetPageAsync(href + "/agenda");
        Assert.Equal(6, agenda.QuerySelectorAll("#agenda tbody tr").Length);
        Assert.Empty(agenda.QuerySelectorAll("#add-presentation"));
    }
}
