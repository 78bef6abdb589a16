using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>
/// A script with a bearer token and nothing else runs the cycle: a new roundtable, its people and agenda, invitations
/// (mailed to a real SMTP server on loopback, answered through the RSVP link), the proceedings, the report's texts and
/// open questions, an edition assembled, compared and published, a follow-up reconvened. Runs on SQLite, and on
/// PostgreSQL with ROUNDTABLE_TEST_DB=postgres.
/// </summary>
public sealed class ApiWorkflowTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static long Id(JsonElement e, string name = "id") => e.GetProperty(name).GetInt64();

    [Fact]
    public async Task A_token_alone_takes_a_new_roundtable_to_a_published_edition_mailed_with_invitations()
    {
        var organizer = await app.CreateUserAsync("script@workflow.example.org", Roles.Organizer, name: "Script Organizer");
        using var api = app.BearerClient(await app.TokenAsync(organizer, "workflow"));

        var marsh = await JsonAsync(await api.PostAsJsonAsync("/api/people", new { fullName = "Helen Marsh", email = "marsh@workflow.example.org" }), HttpStatusCode.Created);
        var reyes = await JsonAsync(await api.PostAsJsonAsync("/api/people", new { fullName = "Tom Reyes", email = "reyes@workflow.example.org" }), HttpStatusCode.Created);
        var cole = await JsonAsync(await api.PostAsJsonAsync("/api/people", new { fullName = "Ruth Cole", email = "cole@workflow.example.org" }), HttpStatusCode.Created);
        var rt = await JsonAsync(await api.PostAsJsonAsync("/api/roundtables", new
        {
            title = "Workflow Roundtable", startDate = "2027-09-14", startTime = "09:00", endTime = "16:00", timeZone = "Europe/Oslo", venue = "Tromsø", status = "planning",
        }), HttpStatusCode.Created);
        var rid = Id(rt);
        async Task<long> Join(JsonElement person, bool named, params string[] roles) => Id(await JsonAsync(await api.PostAsJsonAsync(
            $"/api/roundtables/{rid}/participants", new { personId = Id(person), roles, mayBeNamed = named, attended = true }), HttpStatusCode.Created));
        var pMarsh = await Join(marsh, true, "presenter");
        var pReyes = await Join(reyes, true, "rapporteur");
        var pCole = await Join(cole, false, "participant");
        var director = await JsonAsync(await api.PostAsJsonAsync("/api/people", new { fullName = "Diana Director", email = "director@workflow.example.org" }), HttpStatusCode.Created);
        var pDirector = await Join(director, true, "director", "organizer");
        var talk = Id(await JsonAsync(await api.PostAsJsonAsync($"/api/roundtables/{rid}/presentations",
            new { title = "The Thaw", presenterIds = new[] { pMarsh }, rapporteurIds = new[] { pReyes }, presenterNamed = true }), HttpStatusCode.Created));

        // Invitations to a selection; the mailing is listed, read, and the mail arrives.
        var sent = await JsonAsync(await api.PostAsJsonAsync($"/api/roundtables/{rid}/invitations",
            new { participationIds = new[] { pMarsh, pCole }, idempotencyKey = Guid.NewGuid() }), HttpStatusCode.Created);
        Assert.Equal(2, sent.GetProperty("queued").GetInt32());
        var mailingId = Id(sent, "mailingId");
        await app.Smtp.WaitForAsync(s => s.To("cole@workflow.example.org").Count == 1 && s.To("marsh@workflow.example.org").Count == 1);
        Assert.Empty(app.Smtp.To("reyes@workflow.example.org"));
        var mailings = await JsonAsync(await api.GetAsync($"/api/roundtables/{rid}/mailings"), HttpStatusCode.OK);
        var listed = Assert.Single(mailings.EnumerateArray());
        Assert.Equal(mailingId, Id(listed));
        Assert.Equal("invitation", listed.GetProperty("kind").GetString());
        JsonElement mailing = default;
        for (var i = 0; i < 100; i++)
        {
            mailing = await JsonAsync(await api.GetAsync($"/api/roundtables/{rid}/mailings/{mailingId}"), HttpStatusCode.OK);
            if (mailing.GetProperty("mailing").GetProperty("sent").GetInt32() == 2)
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal(2, mailing.GetProperty("mailing").GetProperty("sent").GetInt32());
        Assert.Equal(["cole@workflow.example.org", "marsh@workflow.example.org"],
            mailing.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("address").GetString()).Order());
        Assert.All(mailing.GetProperty("recipients").EnumerateArray(), r => Assert.Equal("sent", r.GetProperty("status").GetString()));

        // One recipient's message again: queued and delivered a second time.
        var coleRow = mailing.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("address").GetString() == "cole@workflow.example.org");
        await JsonAsync(await api.PostAsync($"/api/roundtables/{rid}/mailings/{mailingId}/recipients/{Id(coleRow)}/resend", null), HttpStatusCode.Accepted);
        await app.Smtp.WaitForAsync(s => s.To("cole@workflow.example.org").Count == 2);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/roundtables/{rid}/mailings/{mailingId}/recipients/987654/resend", null)).StatusCode);
        var cancelled = await JsonAsync(await api.PostAsync($"/api/roundtables/{rid}/mailings/{mailingId}/cancel", null), HttpStatusCode.OK);
        Assert.Equal(0, cancelled.GetProperty("cancelled").GetInt32());

        // Ruth Cole answers through her RSVP link, with a comment; the API lists it.
        var text = app.Smtp.To("cole@workflow.example.org")[0].TextBody!;
        var start = text.IndexOf("http://localhost/rsvp/", StringComparison.Ordinal);
        var link = text[start..text.IndexOfAny([' ', '\r', '\n'], start)].Replace("http://localhost", "");
        using (var invitee = new WebSession(app.NewClient()))
        {
            await invitee.SubmitAsync(link, link.Split('?')[0], new() { ["answer"] = "accepted", ["comment"] = "Vegetarian, please." });
        }
        var invitees = await JsonAsync(await api.GetAsync($"/api/roundtables/{rid}/invitations"), HttpStatusCode.OK);
        var coleAnswer = invitees.EnumerateArray().Single(i => Id(i, "participationId") == pCole);
        Assert.Equal("accepted", coleAnswer.GetProperty("answer").GetString());
        Assert.Equal("Vegetarian, please.", coleAnswer.GetProperty("comment").GetString());
        Assert.Equal("sent", coleAnswer.GetProperty("invitationMail").GetString());
        Assert.Equal("not_invited", invitees.EnumerateArray().Single(i => Id(i, "participationId") == pReyes).GetProperty("invitationStatus").GetString());

        // The proceedings: two statements, marked edited, approved.
        var proceedings = $"/api/roundtables/{rid}/presentations/{talk}/proceedings";
        await JsonAsync(await api.PostAsJsonAsync(proceedings + "/statements", new { speakerId = pCole, kind = "question", text = "asked whether the thaw was permanent." }), HttpStatusCode.Created);
        await JsonAsync(await api.PostAsJsonAsync(proceedings + "/statements", new { speakerId = pMarsh, kind = "reply", text = "replied that it was, for practical purposes." }), HttpStatusCode.Created);
        await JsonAsync(await api.PutAsJsonAsync(proceedings + "/status", new { status = "edited" }), HttpStatusCode.OK);
        var version = (await JsonAsync(await api.GetAsync(proceedings), HttpStatusCode.OK)).GetProperty("version").GetInt64();
        await JsonAsync(await api.PostAsJsonAsync(proceedings + "/approve", new { version }), HttpStatusCode.OK);

        // The report's texts, a heading and open questions in a chosen order.
        var reportUrl = $"/api/roundtables/{rid}/report";
        var report = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>((await JsonAsync(await api.GetAsync(reportUrl), HttpStatusCode.OK)).GetRawText())!;
        // Not yet assemblable: the foreword is missing. The reasons come back, and no edition is made.
        var refused = await JsonAsync(await api.PostAsync(reportUrl + "/editions", null), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(refused.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("foreword", StringComparison.OrdinalIgnoreCase));
        Assert.Empty((await JsonAsync(await api.GetAsync(reportUrl + "/editions"), HttpStatusCode.OK)).EnumerateArray());
        report["conferenceSummary"] = JsonSerializer.SerializeToElement("Participants agreed that the thaw changes the region for good.");
        report["foreword"] = JsonSerializer.SerializeToElement("The institute held this roundtable to ask what the thaw means.");
        report["forewordSignerParticipationId"] = JsonSerializer.SerializeToElement(pDirector);
        report["forewordSignerTitle"] = JsonSerializer.SerializeToElement("Director");
        await JsonAsync(await api.PutAsJsonAsync(reportUrl, report), HttpStatusCode.OK);
        var headings = JsonSerializer.Deserialize<Dictionary<string, string>>((await JsonAsync(await api.GetAsync(reportUrl + "/headings"), HttpStatusCode.OK)).GetRawText())!;
        headings["summary"] = "Summary of the Day";
        Assert.Equal("Summary of the Day", (await JsonAsync(await api.PutAsJsonAsync(reportUrl + "/headings", headings), HttpStatusCode.OK)).GetProperty("summary").GetString());
        Assert.Equal("Participants agreed that the thaw changes the region for good.",
            (await JsonAsync(await api.GetAsync(reportUrl), HttpStatusCode.OK)).GetProperty("conferenceSummary").GetString());
        var q1 = Id(await JsonAsync(await api.PostAsJsonAsync(reportUrl + "/questions", new { text = "Who pays for the ports?" }), HttpStatusCode.Created));
        var q2 = Id(await JsonAsync(await api.PostAsJsonAsync(reportUrl + "/questions", new { text = "Who keeps the peace?" }), HttpStatusCode.Created));
        var q3 = Id(await JsonAsync(await api.PostAsJsonAsync(reportUrl + "/questions", new { text = "A question to drop" }), HttpStatusCode.Created));
        await JsonAsync(await api.PutAsJsonAsync($"{reportUrl}/questions/{q1}", new { text = "Who pays for the new ports?" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"{reportUrl}/questions/{q3}")).StatusCode);
        var ordered = await JsonAsync(await api.PutAsJsonAsync(reportUrl + "/questions/order", new { ids = new[] { q2, q1 } }), HttpStatusCode.OK);
        Assert.Equal(["Who keeps the peace?", "Who pays for the new ports?"], ordered.EnumerateArray().Select(q => q.GetProperty("text").GetString()));

        // Two editions, compared; the second is published under an embargo that has already passed.
        var first = await JsonAsync(await api.PostAsync(reportUrl + "/editions", null), HttpStatusCode.Created);
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Empty(first.GetProperty("leakHits").EnumerateArray());
        await JsonAsync(await api.PostAsJsonAsync(reportUrl + "/questions", new { text = "Should we meet in Bodø?" }), HttpStatusCode.Created);
        var second = await JsonAsync(await api.PostAsync(reportUrl + "/editions", null), HttpStatusCode.Created);
        Assert.Equal(2, second.GetProperty("number").GetInt32());
        var diff = await JsonAsync(await api.GetAsync(reportUrl + "/editions/compare?from=1&to=2"), HttpStatusCode.OK);
        Assert.Contains(diff.GetProperty("parts").EnumerateArray(), p => p.GetProperty("kind").GetString() == "added" && p.GetProperty("text").GetString()!.Contains("Bodø"));
        var html = await api.GetAsync(reportUrl + "/editions/2/html");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("Summary of the Day", page);
        Assert.Contains("A participant asked whether the thaw was permanent.", System.Text.RegularExpressions.Regex.Replace(page, "<[^>]+>", ""));
        var pdf = await api.GetAsync(reportUrl + "/editions/2/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));

        // Tom Reyes has no biography: a warning, which takes a reason to publish over.
        Assert.Contains("Tom Reyes has no biography", Assert.Single(second.GetProperty("warnings").EnumerateArray()).GetString());
        var noReason = await JsonAsync(await api.PostAsJsonAsync(reportUrl + "/editions/2/publish", new { }), HttpStatusCode.BadRequest);
        Assert.Contains("give the reason", noReason.GetProperty("errors").GetProperty("overrideReason")[0].GetString());
        Assert.False((await JsonAsync(await api.GetAsync(reportUrl + "/editions/2"), HttpStatusCode.OK)).GetProperty("isPublished").GetBoolean());
        var published = await JsonAsync(await api.PostAsJsonAsync(reportUrl + "/editions/2/publish",
            new { publishAt = "2020-01-01T00:00:00Z", overrideReason = "His sketch follows in the next edition." }), HttpStatusCode.OK);
        Assert.True(published.GetProperty("isPublished").GetBoolean());
        Assert.Equal("His sketch follows in the next edition.", published.GetProperty("overrideReason").GetString());
        var editions = await JsonAsync(await api.GetAsync(reportUrl + "/editions"), HttpStatusCode.OK);
        Assert.Equal([2, 1], editions.EnumerateArray().Select(e => e.GetProperty("number").GetInt32()));
        Assert.Equal([true, false], editions.EnumerateArray().Select(e => e.GetProperty("isPublished").GetBoolean()));
        Assert.Equal("report_published", (await JsonAsync(await api.GetAsync($"/api/roundtables/{rid}"), HttpStatusCode.OK)).GetProperty("roundtable").GetProperty("status").GetString());

        // A later edition under an embargo: the published one is the embargoed edition, not readable before its time.
        var third = await JsonAsync(await api.PostAsync(reportUrl + "/editions", null), HttpStatusCode.Created);
        var embargoed = await JsonAsync(await api.PostAsJsonAsync($"{reportUrl}/editions/{third.GetProperty("number").GetInt32()}/publish", new { publishAt = "2199-01-01T12:00:00Z", overrideReason = "Still no sketch." }), HttpStatusCode.OK);
        Assert.Equal(new DateTime(2199, 1, 1, 12, 0, 0, DateTimeKind.Utc), embargoed.GetProperty("publishAt").GetDateTime().ToUniversalTime());

        // The follow-up: reconvened from this roundtable, its open questions as the agenda.
        var followUp = await JsonAsync(await api.PostAsJsonAsync($"/api/roundtables/{rid}/reconvene", new
        {
            details = new { title = "Workflow Follow-up", startDate = "2028-03-01", startTime = "09:00", endTime = "15:00", timeZone = "Europe/Oslo" },
            carryOver = new[] { pMarsh, pCole },
            newPeople = "Nils Berg <berg@workflow.example.org>",
            questions = ordered.EnumerateArray().Select(q => Id(q)).ToArray(),
        }), HttpStatusCode.Created);
        var newId = Id(followUp, "roundtableId");
        Assert.Equal(2, followUp.GetProperty("carriedOver").GetInt32());
        Assert.Equal(1, followUp.GetProperty("added").GetInt32());
        var doc = await JsonAsync(await api.GetAsync($"/api/roundtables/{newId}"), HttpStatusCode.OK);
        Assert.Equal(["Who keeps the peace?", "Who pays for the new ports?"], doc.GetProperty("presentations").EnumerateArray().Select(p => p.GetProperty("title").GetString()));
        Assert.Equal(3, doc.GetProperty("participants").GetArrayLength());
        Assert.NotEqual(rid, newId);

        // The edition as Word, for the publications office.
        var word = await api.GetAsync(reportUrl + "/editions/2/docx");
        Assert.Equal(HttpStatusCode.OK, word.StatusCode);
        using (var docx = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await word.Content.ReadAsByteArrayAsync()), false))
        {
            Assert.Contains("The Thaw", docx.MainDocumentPart!.Document!.Body!.InnerText);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(reportUrl + "/editions/99/docx")).StatusCode);

        // Mail-out: edition 2 (read above) to the four who attended, with the follow-up's invitations, until both
        // mailings are finished.
        var started = await JsonAsync(await api.PostAsJsonAsync($"/api/roundtables/{rid}/followup/runs",
            new { edition = 2, overrideReason = "His sketch follows in the next edition." }), HttpStatusCode.Created);
        Assert.Equal(2, started.GetProperty("editionNumber").GetInt32());
        var runUrl = $"/api/roundtables/{rid}/followup/runs/{Id(started)}";
        var until = DateTime.UtcNow.AddSeconds(90);
        JsonElement run;
        do
        {
            await Task.Delay(300);
            run = await JsonAsync(await api.GetAsync(runUrl), HttpStatusCode.OK);
            Assert.True(DateTime.UtcNow < until, "The mail-out did not finish: " + run);
        }
        while (!(run.GetProperty("status").GetString() == "done" && run.GetProperty("mailingsFinished").GetBoolean()));
        Assert.Equal(4, run.GetProperty("report").GetProperty("sent").GetInt32());
        Assert.Single(app.Smtp.To("cole@workflow.example.org"), m => m.Subject!.StartsWith("Report:", StringComparison.Ordinal));

        await using var conn = await app.Db.OpenAsync();
        var audit = (await conn.QueryAsync<string>("SELECT action FROM audit_events WHERE user_id = @organizer", new { organizer })).AsList();
        Assert.Contains("invitations sent", audit);
        Assert.Contains("edition published", audit);
    }
}
