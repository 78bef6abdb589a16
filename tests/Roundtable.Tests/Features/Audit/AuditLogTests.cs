using System.Net;
using Roundtable.Tests.Features.Reports;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Audit;

/// <summary>The audit log records who did what and when, and shows each reader only what they may see.</summary>
public sealed class AuditLogTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Sign_ins_failures_and_a_lockout_are_recorded_and_only_administrators_read_the_whole_log()
    {
        await app.CreateUserAsync("watched@audit.example.org", Roles.Organizer, name: "Wanda Watched");
        await app.CreateUserAsync("admin@audit.example.org", Roles.Administrator, name: "Ada Admin");
        using var web = new WebSession(app.NewClient());
        for (var i = 0; i < 5; i++)
        {
            await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "watched@audit.example.org", ["Password"] = "guess-" + i });
        }
        await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "nobody@audit.example.org", ["Password"] = "guess" });
        using var admin = await app.SignInAsync("admin@audit.example.org");

        var rows = (await admin.GetPageAsync("/audit")).QuerySelectorAll("#audit-events tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(5, rows.Count(r => r.Contains("watched@audit.example.org") && r.Contains("sign-in failed")));
        Assert.Single(rows, r => r.Contains("watched@audit.example.org") && r.Contains("account locked"));
        Assert.Single(rows, r => r.Contains("nobody@audit.example.org") && r.Contains("sign-in failed"));
        Assert.Contains(rows, r => r.Contains("admin@audit.example.org") && r.Contains("sign-in") && !r.Contains("failed"));
        Assert.DoesNotContain(rows, r => r.Contains("guess-"));

        using var organizer = await app.SignInAsync(await NewOrganizerAsync());
        await organizer.GetPageAsync("/audit", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_roundtables_organizers_read_its_overrides_and_publications_and_other_organizers_do_not()
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.Foreword = "We thank Jim for his candour."; return f; });
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        var report = $"/roundtables/{s.RoundtableId}/report";
        await organizer.PostFormAsync(report, report + "/leaks/override",
            new() { ["Place"] = "Foreword", ["Term"] = "Jim", ["Reason"] = "Jim is the ship's cat, not a participant." });
        Assert.True((await s.AssembleAsync()).Ok);
        Assert.True((await s.PublishAsync(1)).Ok);

        var rows = (await organizer.GetPageAsync($"/roundtables/{s.RoundtableId}/audit")).QuerySelectorAll("#audit-events tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("leak check overridden") && r.Contains("ship's cat") && r.Contains("Rhoda Organizer"));
        Assert.Contains(rows, r => r.Contains("edition published") && r.Contains("Edition 1"));

        using var stranger = await app.SignInAsync(await NewOrganizerAsync());
        await stranger.GetPageAsync($"/roundtables/{s.RoundtableId}/audit", HttpStatusCode.Forbidden);
    }

    private async Task<string> NewOrganizerAsync()
    {
        var email = $"org-{Guid.NewGuid():N}@audit.example.org";
        await app.CreateUserAsync(email, Roles.Organizer);
        return email;
    }
}
