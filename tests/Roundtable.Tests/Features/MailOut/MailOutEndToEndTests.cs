using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Reconvene;
using UglyToad.PdfPig;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>Reconvene and the mail-out through the web pages, real Hangfire and a real SMTP server on loopback.</summary>
public sealed class MailOutEndToEndTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    [Fact]
    public async Task Publish_and_mail_for_200_sends_each_one_report_with_a_readable_pdf_and_each_invitee_one_invitation_even_when_run_twice()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 191, followUp: false);
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);

        // Reconvene: everyone who attended carries over; five new people typed in; no date is refused first.
        var reconvene = $"/roundtables/{s.RoundtableId}/reconvene";
        var form = await web.GetPageAsync(reconvene);
        var carry = Checked(form, "Form.CarryOver");
        Assert.Equal(200, carry.Count);
        var questions = Checked(form, "Form.Questions");
        var fields = new Dictionary<string, string>
        {
            ["Form.Details.Title"] = "Northern Lights Reconvened", ["Form.Details.StartTime"] = "09:00", ["Form.Details.EndTime"] = "17:00",
            ["Form.Details.TimeZone"] = "Europe/Oslo", ["Form.Details.Venue"] = "Fram Centre, Tromsø",
            ["Form.NewPeople"] = string.Join('\n', Enumerable.Range(0, 5).Select(i => $"New Person{i} <new{i}-{s.Tag}@new.example.org>")),
        };
        var noDate = await web.PostFormAsync(reconvene, reconvene, fields, carry.Concat(questions));
        Assert.Equal(HttpStatusCode.OK, noDate.StatusCode);
        Assert.Contains("A follow-up roundtable needs a date", (await WebSession.ParseAsync(noDate)).QuerySelector(".errors")!.TextContent);
        fields["Form.Details.StartDate"] = DateTime.UtcNow.AddDays(70).ToString("yyyy-MM-dd");
        var followUp = await web.SubmitAsync(reconvene, reconvene, fields, carry.Concat(questions));
        Assert.Contains("200 people carried over, 5 people added", followUp.QuerySelector(".flash")!.TextContent);

        // The mail-out with the defaults: the edition assembled (and read) on the report page, confirmed by its number.
        await web.SubmitAsync($"/roundtables/{s.RoundtableId}/report", $"/roundtables/{s.RoundtableId}/report/assemble", []);
        var mailOut = $"/roundtables/{s.RoundtableId}/followup";
        var page = await web.GetPageAsync(mailOut);
        Assert.Equal("1", page.QuerySelector("input[name='Form.Edition'][checked]")!.GetAttribute("value"));
        Assert.Equal("Mail edition 1 to 200 recipients", page.QuerySelector("[data-confirm-text]")!.TextContent.Trim());
        Assert.Contains("Northern Lights Reconvened", page.QuerySelector("#follow-up")!.TextContent);
        var listed = page.QuerySelectorAll("input[name='Form.Listed']").Select(e => KeyValuePair.Create("Form.Listed", e.GetAttribute("value")!)).ToList();
        var runPage = await web.SubmitAsync(mailOut, mailOut, new() { ["Form.Action"] = "start", ["Form.Edition"] = "1", ["Form.ConfirmEdition"] = "1", ["Form.InviteFollowUp"] = "true" },
            listed.Concat(Checked(page, "Form.Include")));
        var api = runPage.QuerySelector("#run")!.GetAttribute("data-run-url")!;
        var runId = long.Parse(api.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        var state = await WaitAsync(web, api, p => p.GetProperty("status").GetString() == "done" && p.GetProperty("mailingsFinished").GetBoolean());
        Assert.Equal(200, state.GetProperty("report").GetProperty("sent").GetInt32());
        Assert.Equal(205, state.GetProperty("invitations").GetProperty("sent").GetInt32());
        Assert.Equal("Complete: every mailing is finished.", state.GetProperty("headline").GetString());

        // Run the job again, and the safety nets: nothing more goes out.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailOutJob>().RunAsync(runId, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<MailOutJob>().RunAsync(runId, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<ResumeMailOutsJob>().RunAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<SweepOutboxJob>().RunAsync(CancellationToken.None);
        }
        await Task.Delay(2500);

        var mine = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.Contains(s.Tag, StringComparison.Ordinal)).ToList();
        var reports = mine.Where(m => m.Subject!.StartsWith("Report:", StringComparison.Ordinal)).ToList();
        Assert.Equal(s.Attendees.Order(), reports.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Single(reports.Select(m => m.Attachments.OfType<MimePart>().Single().FileName).Distinct());
        foreach (var m in reports)
        {
            AssertReport(m, s);
        }
        var invitations = mine.Where(m => m.Subject!.StartsWith("Invitation: Northern Lights Reconvened", StringComparison.Ordinal)).ToList();
        Assert.Equal(205, invitations.Count);
        Assert.Equal(205, invitations.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        foreach (var m in invitations)
        {
            var calendar = Calendar.Load(((TextPart)((MultipartAlternative)m.Body!).Single(p => p.ContentType.IsMimeType("text", "calendar"))).Text)!;
            Assert.Equal("REQUEST", calendar.Method);
            Assert.Equal("mailto:" + m.To.Mailboxes.Single().Address, calendar.Events.Single().Attendees.Single().Value!.ToString());
        }
        Assert.Equal(405, mine.Count);

        // Who received which edition; resend one.
        var deliveries = await web.GetPageAsync($"/roundtables/{s.RoundtableId}/report/deliveries");
        Assert.Equal(200, deliveries.QuerySelectorAll("#deliveries tbody tr").Length);
        Assert.All(deliveries.QuerySelectorAll("#deliveries tbody tr td:nth-child(2)"), td => Assert.Equal("edition 1", td.TextContent.Trim()));
        var row = deliveries.QuerySelectorAll("#deliveries tbody tr").First(r => r.GetAttribute("data-address") == s.Guests[7]);
        var resend = row.QuerySelector("form")!.GetAttribute("action")!;
        var after = await web.SubmitAsync($"/roundtables/{s.RoundtableId}/report/deliveries", resend, []);
        Assert.Contains("queued to be sent to them again", after.QuerySelector(".flash")!.TextContent);
        await app.Smtp.WaitForAsync(x => x.To(s.Guests[7]).Count(m => m.Subject!.StartsWith("Report:", StringComparison.Ordinal)) == 2);
        var copies = app.Smtp.To(s.Guests[7]).Where(m => m.Subject!.StartsWith("Report:", StringComparison.Ordinal)).Select(m => m.MessageId).ToList();
        Assert.Matches(@"\.0\.[0-9a-f]{32}@institute\.example\.org$", copies[0]);
        Assert.Matches(@"\.1\.[0-9a-f]{32}@institute\.example\.org$", copies[1]);
    }

    private static void AssertReport(MimeMessage m, MailOutScenario s)
    {
        Assert.Matches(@"^rt\.\d+\.participation-\d+\.0\.[0-9a-f]{32}@institute\.example\.org$", m.MessageId);
        Assert.Equal("Report: Northern Lights Roundtable " + s.Tag, m.Subject);
        Assert.Contains($"http://localhost/reports/{s.RoundtableId}?key=", m.TextBody);
        Assert.Contains("Read the report", m.HtmlBody);
        Assert.Contains("Northern Lights Reconvened", m.TextBody);
        var pdf = m.Attachments.OfType<MimePart>().Single();
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using var bytes = new MemoryStream();
        pdf.Content!.DecodeTo(bytes);
        using var document = PdfDocument.Open(bytes.ToArray());
        Assert.Contains("Foreword", string.Join(" ", document.GetPages().Select(p => p.Text)));
    }

    private static List<KeyValuePair<string, string>> Checked(AngleSharp.Dom.IDocument page, string name) =>
        page.QuerySelectorAll($"input[name='{name}'][checked]").Select(e => KeyValuePair.Create(name, e.GetAttribute("value")!)).ToList();

    private static async Task<JsonElement> WaitAsync(WebSession web, string url, Func<JsonElement, bool> done, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var p = await web.Client.GetFromJsonAsync<JsonElement>(url);
            if (done(p))
            {
                return p;
            }
            Assert.True(DateTime.UtcNow < until, "The mail-out did not finish: " + p);
            await Task.Delay(250);
        }
    }
}
