using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.DevMailbox;

/// <summary>The app as `dotnet run` starts it in Development: its own loopback catcher, no other server.</summary>
public sealed class DevelopmentMailAppFactory : AppFactory
{
    public int CatcherPort { get; } = SmtpTestServer.FreePort();

    protected override string EnvironmentName => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "false",
        ["Mail:DevCatcherPort"] = CatcherPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:DevCatcherFolder"] = Path.Combine(Folder, "devmail"),
    };
}

public sealed class DevMailboxWebTests(DevelopmentMailAppFactory app) : IClassFixture<DevelopmentMailAppFactory>
{
    [Fact]
    public async Task In_development_sent_invitations_appear_in_the_dev_mailbox_with_html_text_headers_and_calendar()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Dev", 2);
        var sent = await app.InviteAsync(roundtableId, participations);
        // Every roundtable's mail is there, links included: an organizer gets 403, an administrator reads it.
        using (var organizer = await app.SignInAsync("org-dev@tests.example.org"))
        {
            await organizer.GetPageAsync("/dev/mailbox", HttpStatusCode.Forbidden);
        }
        await app.CreateUserAsync("admin-dev@tests.example.org", Roles.Administrator);
        using var web = await app.SignInAsync("admin-dev@tests.example.org");
        var until = DateTime.UtcNow.AddSeconds(30);
        AngleSharp.Dom.IDocument box;
        do
        {
            await Task.Delay(300);
            box = await web.GetPageAsync("/dev/mailbox");
        }
        while (box.QuerySelectorAll("#mailbox tbody tr").Length < 2 && DateTime.UtcNow < until);
        Assert.True(box.QuerySelectorAll("#mailbox tbody tr").Length == 2,
            "Outbox: " + string.Join(", ", (await app.OutboxCountsAsync(sent.MailingId)).Select(kv => $"{kv.Key}={kv.Value}")));

        var link = box.QuerySelector("#mailbox tbody a")!.GetAttribute("href")!;
        var message = await web.GetPageAsync(link);
        Assert.StartsWith("Invitation: Roundtable Dev", message.QuerySelector("h1")!.TextContent);
        Assert.Contains("/rsvp/", message.QuerySelector(".mail-text")!.TextContent);
        Assert.Contains(message.QuerySelectorAll("#headers th"), th => th.TextContent == "Message-Id");
        var calendar = message.QuerySelectorAll("#attachments a").Single(a => a.TextContent.Contains("invite.ics"));
        var ics = await web.Client.GetStringAsync(calendar.GetAttribute("href"));
        Assert.Contains("METHOD:REQUEST", ics);
        var html = await web.Client.GetAsync(link + "/html");
        Assert.Contains("I will attend", await html.Content.ReadAsStringAsync());
        Assert.Contains("sandbox", html.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.GetAsync("/dev/mailbox/..%2F..%2Fappsettings.json")).StatusCode);
    }
}

/// <summary>Production with the catcher asked for in settings: it stays off.</summary>
public sealed class ProductionAppFactory : AppFactory
{
    protected override string EnvironmentName => "Production";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mail:DevCatcher"] = "true" };
}

public sealed class DevMailboxOffOutsideDevelopmentTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    [Fact]
    public async Task In_production_the_catcher_stays_off_even_when_configured_and_there_is_no_dev_mailbox()
    {
        await app.CreateUserAsync("admin@nodev.example.org", Roles.Administrator);
        using var web = await app.SignInAsync("admin@nodev.example.org");
        await web.GetPageAsync("/dev/mailbox", HttpStatusCode.NotFound);
        var settings = (Roundtable.Web.Infrastructure.Mail.MailSettings)app.Services.GetService(typeof(Roundtable.Web.Infrastructure.Mail.MailSettings))!;
        Assert.False(settings.DevCatcher);
    }
}
