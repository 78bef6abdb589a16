using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Demo;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>The app as a new user starts it: Development, the demo seeded, its own loopback mail catcher.</summary>
public sealed class DemoMailApp : AppFactory
{
    public int CatcherPort { get; } = SmtpTestServer.FreePort();

    protected override string EnvironmentName => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Demo:Password"] = "demo-password-for-tests",
        ["Mail:DevCatcherPort"] = CatcherPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:DevCatcherFolder"] = Path.Combine(Folder, "devmail"),
    };
}

public sealed class DemoMailOutTests(DemoMailApp app) : IClassFixture<DemoMailApp>
{
    [Fact]
    public async Task A_new_user_clicks_publish_and_mail_on_the_demo_and_the_report_and_invitations_arrive_in_the_dev_mailbox()
    {
        using var web = await app.SignInAsync("voss@meridian.example.org", "demo-password-for-tests");
        var overview = await web.GetPageAsync("/roundtables/1");
        Assert.Contains(SeedDemoFollowUp.Title, overview.QuerySelector("#follow-up-summary")!.TextContent);
        var mailOutUrl = overview.QuerySelector("#follow-up-summary a[href$='/followup']")!.GetAttribute("href")!;
        var mailOut = await web.GetPageAsync(mailOutUrl);
        // Nothing is assembled yet, and nothing answers for the organizer: no edition to mail, no reason pre-filled.
        Assert.Contains("/roundtables/1/report", mailOut.QuerySelector("#no-edition a")!.GetAttribute("href"));
        Assert.Null(mailOut.QuerySelector("#Form_OverrideReason"));
        Assert.NotNull(mailOut.QuerySelector("button[value=start][disabled]"));
        Assert.Contains("no email address", mailOut.QuerySelector("#report-recipients")!.TextContent);

        // The new user assembles edition 1 on the report page, reads it, then comes back.
        await web.SubmitAsync("/roundtables/1/report", "/roundtables/1/report/assemble", []);
        mailOut = await web.GetPageAsync(mailOutUrl);
        Assert.Equal("", mailOut.QuerySelector("#Form_OverrideReason")!.GetAttribute("value") ?? "");
        Assert.Equal("1", mailOut.QuerySelector("input[name='Form.Edition'][checked]")!.GetAttribute("value"));
        Assert.NotNull(mailOut.QuerySelector("a[href='/roundtables/1/report/editions/1']"));
        Assert.NotNull(mailOut.QuerySelector("[data-edition='1'] .edition-warnings"));
        Assert.Contains(SeedDemoProceedings.LeakOverrideReason, mailOut.QuerySelector("[data-edition='1'] .overridden-hits")!.TextContent);

        // Exactly what the browser posts when "Start the mail-out" is clicked, with the reason typed and the edition confirmed.
        var form = (IHtmlFormElement)mailOut.QuerySelector("#mail-out")!;
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Name is not null && i.Name != "Form.OverrideReason" && (i.Type is not ("checkbox" or "radio") || i.IsChecked))
            .Select(i => KeyValuePair.Create(i.Name!, i.Value)).ToList();
        fields.Add(KeyValuePair.Create("Form.OverrideReason", "Trying the demo: its drafts go out as they stand."));
        fields.Add(KeyValuePair.Create("Form.ConfirmEdition", "1"));
        var response = await web.Client.PostAsync("/roundtables/1/followup", new FormUrlEncodedContent(fields.Append(KeyValuePair.Create("Form.Action", "start"))));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var run = await web.GetPageAsync(response.Headers.Location!.OriginalString);
        var api = run.QuerySelector("#run")!.GetAttribute("data-run-url")!;

        var until = DateTime.UtcNow.AddSeconds(90);
        JsonElement state;
        do
        {
            await Task.Delay(300);
            state = await web.Client.GetFromJsonAsync<JsonElement>(api);
            Assert.True(DateTime.UtcNow < until, "The demo mail-out did not finish: " + state);
        }
        while (!(state.GetProperty("status").GetString() == "done" && state.GetProperty("mailingsFinished").GetBoolean()));

        run = await web.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Complete: every mailing is finished.", run.QuerySelector("[data-field=headline]")!.TextContent);
        Assert.Equal(["finished", "finished"], run.QuerySelectorAll(".mailing-progress [data-field=State]").Select(e => e.TextContent));
        Assert.Equal(["13", "16"], run.QuerySelectorAll(".mailing-progress [data-field=Sent]").Select(e => e.TextContent));

        var box = await web.GetPageAsync("/dev/mailbox");
        var subjects = box.QuerySelectorAll("#mailbox tbody td:nth-child(3)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(13, subjects.Count(x => x == "Report: Cooperation and Competition in the High North"));
        Assert.Equal(16, subjects.Count(x => x.StartsWith("Invitation: " + SeedDemoFollowUp.Title, StringComparison.Ordinal)));
        var report = await web.GetPageAsync(box.QuerySelectorAll("#mailbox tbody a").First(a => a.TextContent.StartsWith("Report", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Contains(report.QuerySelectorAll("#attachments a"), a => a.TextContent.EndsWith("-edition-1.pdf", StringComparison.Ordinal));
    }
}
