using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Reports;
using Xunit.Abstractions;

namespace Roundtable.Tests.Web;

/// <summary>
/// The app as a new user starts it (Development, the demo seeded), on a real port, after the demo's mail-out
/// has run once and a second edition has been assembled: so every page has something to show.
/// </summary>
public sealed class AccessibilityApp : KestrelAppFactory
{
    public const string DemoPassword = "demo-password-for-tests";
    public const string Organizer = "voss@meridian.example.org";
    public const string Rapporteur = "lindqvist@meridian.example.org";

    private readonly Lazy<Task<DemoIds>> ids;

    public AccessibilityApp() => ids = new(PrepareAsync);

    public int CatcherPort { get; } = SmtpTestServer.FreePort();

    protected override string EnvironmentName => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Demo:Password"] = DemoPassword,
        ["Mail:DevCatcherPort"] = CatcherPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:DevCatcherFolder"] = Path.Combine(Folder, "devmail"),
    };

    public Task<DemoIds> IdsAsync() => ids.Value;

    private async Task<DemoIds> PrepareAsync()
    {
        // A client of the real port (the factory's own client talks to its in-memory server, which Kestrel replaces).
        using var web = new WebSession(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(BaseUrl) });
        await web.SignInAsync(Organizer, DemoPassword);
        // The demo's prepared mail-out, exactly as the browser posts it: edition 1 is assembled on the report page, then
        // published with a reason typed and its number confirmed; the report and the follow-up's invitations are mailed.
        await web.SubmitAsync("/roundtables/1/report", "/roundtables/1/report/assemble", []);
        var mailOut = await web.GetPageAsync("/roundtables/1/followup");
        var form = (IHtmlFormElement)mailOut.QuerySelector("#mail-out")!;
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Name is not null && i.Name != "Form.OverrideReason" && (i.Type is not ("checkbox" or "radio") || i.IsChecked))
            .Select(i => KeyValuePair.Create(i.Name!, i.Value)).ToList();
        fields.Add(KeyValuePair.Create("Form.OverrideReason", "Checking every page with a mailed edition."));
        fields.Add(KeyValuePair.Create("Form.ConfirmEdition", "1"));
        var response = await web.Client.PostAsync("/roundtables/1/followup", new FormUrlEncodedContent(fields.Append(KeyValuePair.Create("Form.Action", "start"))));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var runPath = response.Headers.Location!.OriginalString;
        var until = DateTime.UtcNow.AddSeconds(120);
        JsonElement state;
        do
        {
            await Task.Delay(500);
            state = await web.Client.GetFromJsonAsync<JsonElement>("/api" + runPath);
            Assert.True(DateTime.UtcNow < until, "The demo mail-out did not finish: " + state);
        }
        while (!(state.GetProperty("status").GetString() == "done" && state.GetProperty("mailingsFinished").GetBoolean()));

        await using var conn = await Db.OpenAsync();
        var organizerId = await conn.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email_normalized = @e", new { e = Organizer.ToUpperInvariant() });
        // A second edition, so that two can be compared.
        var second = await Run<AssembleEdition, Roundtable.Web.Infrastructure.Result<AssembleEdition.Assembled>>(a => a.HandleAsync(1, organizerId, CancellationToken.None));
        Assert.True(second.Ok, string.Join("; ", second.Errors.Select(e => e.Message)));

        var presentation = await conn.ExecuteScalarAsync<long>("""
            SELECT pr.presentation_id FROM presentation_rapporteurs pr
            JOIN participations pa ON pa.id = pr.participation_id JOIN people p ON p.id = pa.person_id
            WHERE pa.roundtable_id = 1 AND p.email = @email ORDER BY pr.presentation_id LIMIT 1
            """, new { email = Rapporteur });
        var participation = await conn.ExecuteScalarAsync<long>("SELECT id FROM participations WHERE roundtable_id = 1 ORDER BY id LIMIT 1");
        var followUp = await conn.ExecuteScalarAsync<long>("SELECT follow_up_roundtable_id FROM followup_runs WHERE roundtable_id = 1 AND follow_up_roundtable_id IS NOT NULL LIMIT 1");
        var invitee = await conn.ExecuteScalarAsync<long>("SELECT id FROM participations WHERE roundtable_id = @followUp AND invitation_status = 'invited' ORDER BY id LIMIT 1", new { followUp });
        var upcoming = await conn.ExecuteScalarAsync<long>("SELECT MAX(id) FROM roundtables WHERE id <> @followUp", new { followUp });
        var box = await web.GetPageAsync("/dev/mailbox");
        return new DemoIds
        {
            Roundtable = 1,
            Upcoming = upcoming,
            FollowUp = followUp,
            Presentation = presentation,
            Participation = participation,
            Person = await conn.ExecuteScalarAsync<long>("SELECT person_id FROM participations WHERE id = @participation", new { participation }),
            Revision = await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM proceeding_revisions WHERE presentation_id = @presentation", new { presentation }),
            Mailing = await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM mailings WHERE roundtable_id = 1"),
            RunPath = runPath,
            MailboxMessage = box.QuerySelector("#mailbox tbody a")!.GetAttribute("href")!,
            RsvpPath = "/rsvp/" + Services.GetRequiredService<RsvpTokens>().Create(invitee, DateTimeOffset.UtcNow.AddDays(30)),
            ReaderPath = Services.GetRequiredService<ReportLinks>().Path(1, participation),
            DeclinePath = new Uri(Services.GetRequiredService<Roundtable.Web.Features.Inbox.ReportMailDecline>().Url(
                await conn.ExecuteScalarAsync<long>("SELECT person_id FROM participations WHERE id = @participation", new { participation }))).PathAndQuery,
            UnpublishedReaderPath = Services.GetRequiredService<ReportLinks>().Path(upcoming,
                await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM participations WHERE roundtable_id = @upcoming", new { upcoming })),
        };
    }
}

public sealed class DemoIds
{
    public long Roundtable { get; init; }
    public long Upcoming { get; init; }
    public long FollowUp { get; init; }
    public long Presentation { get; init; }
    public long Participation { get; init; }
    public long Person { get; init; }
    public long Revision { get; init; }
    public long Mailing { get; init; }
    public string RunPath { get; init; } = "";
    public string MailboxMessage { get; init; } = "";
    public string RsvpPath { get; init; } = "";
    public string ReaderPath { get; init; } = "";
    public string UnpublishedReaderPath { get; init; } = "";
    public string DeclinePath { get; init; } = "";
}

/// <summary>
/// Every page, in headless chromium, for the people who use it: at 390 px (a phone), 768 px (a tablet) and 1280 px.
/// axe-core finds nothing serious or critical, nothing on the page is wider than the viewport, and the main pages are
/// saved as screenshots (bin/…/screenshots) to be looked at. A new page is one line in a list below.
/// </summary>
public sealed class AccessibilityTests(AccessibilityApp app, ITestOutputHelper output) : IClassFixture<AccessibilityApp>
{
    /// <summary>A page to check: <paramref name="Shot"/> saves screenshots of it; <paramref name="Error"/> is an error page by design.</summary>
    public sealed record Page(string Name, string Path, bool Shot = false, bool Error = false);

    private static IEnumerable<Page> OrganizerPages(DemoIds d)
    {
        var rt = $"/roundtables/{d.Roundtable}";
        var pc = $"{rt}/proceedings/{d.Presentation}";
        return
        [
            new("roundtables", "/roundtables", Shot: true),
            new("roundtable-new", "/roundtables/new"),
            new("overview", rt, Shot: true),
            new("roundtable-edit", $"{rt}/edit"),
            new("participants", $"{rt}/participants", Shot: true),
            new("participant-edit", $"{rt}/participants/{d.Participation}"),
            new("agenda", $"{rt}/agenda", Shot: true),
            new("agenda-print", $"{rt}/agenda/print"),
            new("proceedings", $"{rt}/proceedings"),
            new("proceedings-preview", $"{rt}/proceedings/preview"),
            new("workspace", pc, Shot: true),
            new("live-capture", $"{pc}/live", Shot: true),
            new("paste-notes", $"{pc}/paste"),
            new("history", $"{pc}/history"),
            new("revision", $"{pc}/history/{d.Revision}"),
            new("leak-review", $"{pc}/review"),
            new("report", $"{rt}/report", Shot: true),
            new("edition", $"{rt}/report/editions/1"),
            new("compare", $"{rt}/report/compare?from=1&to=2"),
            new("deliveries", $"{rt}/report/deliveries"),
            new("mail-out", $"{rt}/followup", Shot: true),
            new("run", d.RunPath, Shot: true),
            new("reconvene", $"{rt}/reconvene"),
            new("mailings", $"{rt}/mailings"),
            new("mailing", $"{rt}/mailings/{d.Mailing}", Shot: true),
            new("invitations", $"/roundtables/{d.Upcoming}/invitations", Shot: true),
            new("follow-up-overview", $"/roundtables/{d.FollowUp}"),
            new("templates", $"{rt}/templates"),
            new("template-edit", $"{rt}/templates/invitation"),
            new("roundtable-audit", $"{rt}/audit"),
            new("people", "/people", Shot: true),
            new("person-new", "/people/new"),
            new("person-edit", $"/people/{d.Person}"),
            new("people-import", "/people/import"),
            new("accounts", "/account/users"),
            new("account-new", "/account/users/new"),
            new("password", "/account/password"),
            new("audit", "/audit"),
            new("reply-mailbox", "/inbox"),
            new("roundtable-replies", $"{rt}/replies"),
            new("branding", "/settings/branding"),
            new("backups", "/admin/backups"),
            new("roundtable-import", "/settings/import"),
            new("api-tokens", "/account/tokens"),
            new("dev-mailbox", "/dev/mailbox"),
            new("dev-mailbox-message", d.MailboxMessage),
            new("not-found", "/roundtables/999999", Error: true),
        ];
    }

    private static IEnumerable<Page> RapporteurPages(DemoIds d)
    {
        var rt = $"/roundtables/{d.Roundtable}";
        var pc = $"{rt}/proceedings/{d.Presentation}";
        return
        [
            new("rapporteur-roundtables", "/roundtables"),
            new("rapporteur-overview", rt),
            new("rapporteur-participants", $"{rt}/participants"),
            new("rapporteur-agenda", $"{rt}/agenda"),
            new("rapporteur-proceedings", $"{rt}/proceedings"),
            new("rapporteur-workspace", pc, Shot: true),
            new("rapporteur-live-capture", $"{pc}/live", Shot: true),
            new("rapporteur-paste-notes", $"{pc}/paste"),
            new("rapporteur-history", $"{pc}/history"),
            new("rapporteur-report", $"{rt}/report"),
            new("rapporteur-edition", $"{rt}/report/editions/2"),
            new("forbidden", "/people", Error: true),
        ];
    }

    private static IEnumerable<Page> AnonymousPages(DemoIds d) =>
    [
        new("sign-in", "/account/login", Shot: true),
        new("rsvp", d.RsvpPath, Shot: true),
        new("rsvp-invalid", "/rsvp/not-a-token"),
        new("reader", d.ReaderPath, Shot: true),
        new("reader-not-published", d.UnpublishedReaderPath),
        new("reader-link-refused", "/reports/1?key=not-a-key"),
        new("decline-report-mail", d.DeclinePath),
        new("decline-report-mail-invalid", "/mail/decline/not-a-token", Error: true),
        new("error-not-found", "/error/404", Error: true),
    ];

    [Fact]
    public async Task Every_organizer_page_passes_axe_and_fits_a_phone_and_a_tablet()
    {
        var ids = await app.IdsAsync();
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, AccessibilityApp.Organizer, AccessibilityApp.DemoPassword);
        CheckAll(browser, OrganizerPages(ids));
    }

    [Fact]
    public async Task Every_rapporteur_page_passes_axe_and_fits_a_phone_and_a_tablet()
    {
        var ids = await app.IdsAsync();
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, AccessibilityApp.Rapporteur, AccessibilityApp.DemoPassword);
        CheckAll(browser, RapporteurPages(ids));
    }

    [Fact]
    public async Task Sign_in_signed_link_and_error_pages_pass_axe_and_fit_a_phone_and_a_tablet()
    {
        var ids = await app.IdsAsync();
        using var browser = new Browser();
        CheckAll(browser, AnonymousPages(ids));
    }

    [Fact]
    public async Task On_a_phone_the_keyboard_skips_to_the_content_and_opens_and_closes_the_menu()
    {
        var ids = await app.IdsAsync();
        using var browser = new Browser();
        browser.SignIn(app.BaseUrl, AccessibilityApp.Organizer, AccessibilityApp.DemoPassword);
        browser.Viewport(390);
        browser.Go($"{app.BaseUrl}/roundtables/{ids.Roundtable}");
        browser.WaitForPage();
        IWebElement Focused() => browser.Driver.SwitchTo().ActiveElement();

        // The first Tab shows the skip link; Enter moves the focus to the main content.
        new OpenQA.Selenium.Interactions.Actions(browser.Driver).SendKeys(Keys.Tab).Perform();
        Assert.Equal("Skip to main content", Focused().Text);
        Assert.True(Focused().Location.Y >= 0, "The focused skip link is on the screen.");
        Focused().SendKeys(Keys.Enter);
        browser.Wait(_ => Focused().TagName == "main");
        Assert.EndsWith("#main", browser.Driver.Url, StringComparison.Ordinal);

        // Live capture, where a rapporteur on a tablet or phone works.
        browser.Go($"{app.BaseUrl}/roundtables/{ids.Roundtable}/proceedings/{ids.Presentation}/live");
        browser.WaitForPage();

        // The menu is folded: its links are not shown until the button opens it, and Escape folds it again.
        var toggle = browser.Find(".menu-toggle");
        var people = browser.Driver.FindElement(By.CssSelector(".mainnav a[href='/people']"));
        Assert.True(toggle.Displayed);
        Assert.False(people.Displayed);
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        toggle.SendKeys(Keys.Enter);
        browser.Wait(_ => people.Displayed);
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        new OpenQA.Selenium.Interactions.Actions(browser.Driver).SendKeys(Keys.Tab).Perform();
        Assert.Equal("Roundtables", Focused().Text);
        new OpenQA.Selenium.Interactions.Actions(browser.Driver).SendKeys(Keys.Escape).Perform();
        browser.Wait(_ => !people.Displayed);
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.Equal("menu-toggle", Focused().GetAttribute("class"));

        // On a wide screen there is no button: the menu is always there.
        browser.Viewport(1280);
        browser.Wait(_ => !toggle.Displayed && people.Displayed);
    }

    private static readonly int[] Widths = [390, 768, 1280];

    private void CheckAll(Browser browser, IEnumerable<Page> pages)
    {
        var failures = new List<string>();
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        foreach (var width in Widths)
        {
            browser.Viewport(width);
            foreach (var page in pages)
            {
                browser.Go(app.BaseUrl + page.Path);
                browser.WaitForPage();
                var where = $"{page.Name} ({page.Path}) at {width} px";
                var text = browser.Driver.FindElement(By.TagName("body")).Text;
                if (browser.Driver.Url.Contains("/account/login", StringComparison.Ordinal) && !page.Path.StartsWith("/account/login", StringComparison.Ordinal))
                {
                    failures.Add($"{where}: sent to the sign-in page");
                    continue;
                }
                if (!page.Error && (text.Contains("Error 4", StringComparison.Ordinal) || text.Contains("Error 5", StringComparison.Ordinal)))
                {
                    failures.Add($"{where}: answered an error page: {text[..Math.Min(200, text.Length)]}");
                    continue;
                }
                if (width < 1280 && browser.Overflow() is { Overflow: > 0 } wide)
                {
                    failures.Add($"{where}: {wide.Overflow} px wider than the viewport; sticking out: {wide.Culprits}");
                }
                if (width != 768)
                {
                    var violations = browser.Axe();
                    foreach (var v in violations.Where(v => v.Impact is "serious" or "critical"))
                    {
                        failures.Add($"{where}: {v}");
                    }
                    foreach (var v in violations.Where(v => v.Impact is not ("serious" or "critical")))
                    {
                        output.WriteLine($"{where}: {v}");
                    }
                }
                if (page.Shot)
                {
                    browser.FullScreenshot(Path.Combine(folder, $"{page.Name}-{width}.png"));
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join("\n", failures));
    }
}
