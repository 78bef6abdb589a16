using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Reconvene;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;
using UglyToad.PdfPig;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>
/// The mail-out mails an edition someone could read: chosen among those assembled, confirmed by its number, and
/// kept by the run whatever is assembled later. Through the pages, real Hangfire and a real SMTP server on loopback.
/// </summary>
public sealed partial class MailOutEditionTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    [Fact]
    public async Task The_edition_confirmed_is_the_one_mailed_even_when_a_newer_one_is_assembled_before_the_job_runs()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 3, followUp: false);
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var mailOut = $"/roundtables/{s.RoundtableId}/followup";
        Assert.Equal(1, await s.AssembleAsync());

        // The page offers edition 1 (the newest), with a link to open it, and asks to confirm it by its number.
        var page = await web.GetPageAsync(mailOut);
        Assert.Equal("1", page.QuerySelector("input[name='Form.Edition'][checked]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"[data-edition='1'] a[href='/roundtables/{s.RoundtableId}/report/editions/1']"));
        Assert.Equal("Mail edition 1 to 12 recipients", page.QuerySelector("[data-confirm-text]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("input[name='Form.ConfirmEdition']")!.GetAttribute("value"));

        // Scheduled for later with edition 1 confirmed; edition 2 is assembled before the run's time comes.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var later = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddHours(2), london).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var scheduled = await web.SubmitAsync(mailOut, mailOut, new()
        {
            ["Form.Action"] = "schedule", ["Form.RunAt"] = later, ["Form.Edition"] = "1", ["Form.ConfirmEdition"] = "1", ["Form.InviteFollowUp"] = "false",
        });
        var runId = long.Parse(scheduled.QuerySelector("#run")!.GetAttribute("data-run-url")!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Edition 1", scheduled.QuerySelector(".run-step[data-step=edition]")!.TextContent.Trim());
        Assert.Equal(2, await s.AssembleAsync());
        Assert.Equal("2", (await web.GetPageAsync(mailOut)).QuerySelector("input[name='Form.Edition'][checked]")!.GetAttribute("value"));

        // Its time comes: the safety net hands it to Hangfire, which runs it and the delivery.
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE followup_runs SET run_at = @past WHERE id = @runId", new { runId, past = DateTime.UtcNow.AddMinutes(-1) });
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ResumeMailOutsJob>().RunAsync(CancellationToken.None);
        }
        var api = $"/api/roundtables/{s.RoundtableId}/followup/runs/{runId}";
        var until = DateTime.UtcNow.AddSeconds(90);
        JsonElement state;
        while ((state = await web.Client.GetFromJsonAsync<JsonElement>(api)).GetProperty("state").GetString() != "done")
        {
            Assert.True(DateTime.UtcNow < until, "The mail-out did not finish: " + state);
            await Task.Delay(250);
        }
        Assert.Equal(1, state.GetProperty("editionNumber").GetInt32());

        var reports = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.Contains(s.Tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(s.Attendees.Order(), reports.Select(m => m.To.Mailboxes.Single().Address).Order());
        foreach (var m in reports)
        {
            Assert.Contains("(Edition 1.", m.TextBody);
            Assert.Contains("edition 1", m.HtmlBody);
            var pdf = m.Attachments.OfType<MimePart>().Single();
            Assert.EndsWith("-edition-1.pdf", pdf.FileName);
            using var bytes = new MemoryStream();
            pdf.Content!.DecodeTo(bytes);
            using var document = PdfDocument.Open(bytes.ToArray());
            var text = string.Join(" ", document.GetPages().Select(p => p.Text));
            Assert.Contains("Edition 1.", text);
            Assert.DoesNotContain("Edition 2.", text);
        }
        // Each recipient's own link opens edition 1 (published by the run), not the newer edition 2.
        var link = ReportLink().Match(reports[0].TextBody ?? "").Value;
        using var reader = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var published = await reader.GetStringAsync(link.Replace("http://localhost", "", StringComparison.Ordinal));
        Assert.Contains("Edition 1.", published);
        Assert.DoesNotContain("Edition 2.", published);
        var editions = await app.Run<ListEditions, IReadOnlyList<ListEditions.Row>>(l => l.HandleAsync(s.RoundtableId, CancellationToken.None));
        Assert.True(editions.Single(e => e.Number == 1).IsPublished);
        Assert.False(editions.Single(e => e.Number == 2).IsPublished);
    }

    [Fact]
    public async Task An_edition_that_does_not_exist_leaks_or_is_not_confirmed_is_refused_with_the_reason_and_nothing_is_written()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var mailOut = $"/roundtables/{s.RoundtableId}/followup";

        // No edition yet: the page says so, links to the report page, and a start is refused.
        var empty = await web.GetPageAsync(mailOut);
        Assert.Equal($"/roundtables/{s.RoundtableId}/report", empty.QuerySelector("#no-edition a")!.GetAttribute("href"));
        Assert.Contains("No edition of the report is assembled yet", await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "start" }));
        Assert.Contains("There is no edition 3 of this report: no edition is assembled yet",
            await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "start", ["Form.Edition"] = "3", ["Form.ConfirmEdition"] = "3" }));

        // Edition 1 is clean; edition 2 names someone who may not be named in the foreword.
        Assert.Equal(1, await s.AssembleAsync());
        await s.Report.SaveTextsAsync(f => { f.Foreword = "We held a roundtable. James Harlan opened it."; return f; });
        Assert.Equal(2, await s.AssembleAsync());
        var page = await web.GetPageAsync(mailOut);
        Assert.Equal("1", page.QuerySelector("input[name='Form.Edition'][checked]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name='Form.Edition'][value='2'][disabled]"));
        Assert.Contains("James Harlan", page.QuerySelector("[data-edition='2'] .errors")!.TextContent);

        Assert.Contains("There is no edition 7 of this report. Choose one of the assembled editions (the newest is edition 2).",
            await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "start", ["Form.Edition"] = "7", ["Form.ConfirmEdition"] = "7" }));
        Assert.Contains("Edition 2 names people who may not be named (James Harlan in Foreword",
            await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "start", ["Form.Edition"] = "2", ["Form.ConfirmEdition"] = "2" }));
        Assert.Contains("Confirm the mail-out: tick “Mail edition 1",
            await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "start", ["Form.Edition"] = "1" }));
        Assert.Contains("You confirmed edition 2, but edition 1 is chosen",
            await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "schedule", ["Form.RunAt"] = "2099-01-01T09:00", ["Form.Edition"] = "1", ["Form.ConfirmEdition"] = "2" }));
        Assert.Contains("The value 'new' is not valid",
            await RefusedAsync(web, mailOut, new() { ["Form.Action"] = "start", ["Form.Edition"] = "new" }));

        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @roundtableId"));
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId"));
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM reports WHERE roundtable_id = @roundtableId AND published_edition_id IS NOT NULL"));
    }

    [Fact]
    public async Task The_page_shows_the_editions_warnings_and_the_hits_let_stand_with_their_reasons()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false, approveAll: false);
        await s.Report.SaveTextsAsync(f => { f.Foreword = "We held a roundtable. James Harlan opened it."; return f; });
        var leak = (await app.Run<CheckReportLeaks, IReadOnlyList<CheckReportLeaks.Finding>>(c => c.HandleAsync(s.RoundtableId, CancellationToken.None)))
            .Single(f => f.Place == "Foreword");
        var overridden = await app.Run<OverrideReportLeak, Result<bool>>(o => o.HandleAsync(s.RoundtableId,
            new ReportLeakOverrideForm { Place = leak.Place, Term = leak.Term, Reason = "He opened the day in public; the foreword may say so." }, s.OrganizerId, CancellationToken.None));
        Assert.True(overridden.Ok);
        Assert.Equal(1, await s.AssembleAsync());

        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var page = await web.GetPageAsync($"/roundtables/{s.RoundtableId}/followup");
        var edition = page.QuerySelector("[data-edition='1']")!;
        Assert.Contains("6 warnings", edition.QuerySelector(".edition-warnings")!.TextContent);
        var hits = edition.QuerySelector(".overridden-hits")!.TextContent;
        Assert.Contains("1 leak hit let stand with a reason", hits);
        Assert.Contains("James Harlan in Foreword", hits);
        Assert.Contains("He opened the day in public; the foreword may say so. (Rhoda Organizer)", hits);
        // The edition's record does not change when the override's text does: it is what was assembled.
        await s.Report.SaveTextsAsync(f => { f.Foreword = "We held a roundtable."; return f; });
        Assert.Contains("He opened the day in public", (await web.GetPageAsync($"/roundtables/{s.RoundtableId}/followup")).QuerySelector("[data-edition='1'] .overridden-hits")!.TextContent);

        // Warnings need the organizer's own reason.
        var refused = await RefusedAsync(web, $"/roundtables/{s.RoundtableId}/followup", new() { ["Form.Action"] = "start", ["Form.Edition"] = "1", ["Form.ConfirmEdition"] = "1" });
        Assert.Contains("Edition 1 has 6 warnings (listed above). To publish it anyway, give the reason.", refused);
    }

    private static async Task<string> RefusedAsync(WebSession web, string url, Dictionary<string, string> fields)
    {
        var response = await web.PostFormAsync(url, url, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebSession.ParseAsync(response)).QuerySelector(".errors")?.TextContent ?? "(no errors shown)";
    }

    [GeneratedRegex(@"http://localhost/reports/\d+\?key=\S+")]
    private static partial Regex ReportLink();
}
