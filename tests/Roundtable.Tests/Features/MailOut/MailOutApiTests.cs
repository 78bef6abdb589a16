using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>The mail-out through the JSON API: start with an edition number, read, list, cancel, and every refusal as problem details.</summary>
public sealed class MailOutApiTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private static string Runs(MailOutScenario s) => $"/api/roundtables/{s.RoundtableId}/followup/runs";

    [Fact]
    public async Task A_script_starts_a_mail_out_of_edition_1_reads_it_until_both_mailings_are_done_and_lists_it()
    {
        var s = await MailOutScenario.CreateAsync(app, guests: 2, newInvitees: 1);
        Assert.Equal(1, await s.AssembleAsync());
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);

        var started = await web.PostJsonAsync(Runs(s), new { edition = 1 });
        var run = await JsonAsync(started, HttpStatusCode.Created);
        var runId = run.GetProperty("id").GetInt64();
        Assert.Equal($"{Runs(s)}/{runId}", started.Headers.Location!.AbsolutePath);
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal(1, run.GetProperty("editionNumber").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("report").ValueKind);

        // A newer edition assembled meanwhile changes nothing: the run mails edition 1.
        Assert.Equal(2, await s.AssembleAsync());
        await s.RunJobAsync(runId);
        var queued = await web.Client.GetFromJsonAsync<JsonElement>($"{Runs(s)}/{runId}");
        Assert.Equal("done", queued.GetProperty("status").GetString());
        Assert.Equal("sending", queued.GetProperty("state").GetString());
        Assert.Equal(1, queued.GetProperty("editionNumber").GetInt32());
        Assert.Equal(11, queued.GetProperty("report").GetProperty("queued").GetInt32());

        var done = await s.GetAsync(runId);
        await s.DeliverAsync(done.ReportMailingId);
        Assert.Equal("sending", (await web.Client.GetFromJsonAsync<JsonElement>($"{Runs(s)}/{runId}")).GetProperty("state").GetString());
        await s.DeliverAsync(done.InvitationMailingId);
        var finished = await web.Client.GetFromJsonAsync<JsonElement>($"{Runs(s)}/{runId}");
        Assert.Equal("done", finished.GetProperty("state").GetString());
        Assert.Equal(11, finished.GetProperty("report").GetProperty("sent").GetInt32());
        Assert.Equal(12, finished.GetProperty("invitations").GetProperty("sent").GetInt32());
        Assert.All(app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.Contains(s.Tag, StringComparison.Ordinal) && m.Subject!.StartsWith("Report:", StringComparison.Ordinal)),
            m => Assert.EndsWith("-edition-1.pdf", m.Attachments.OfType<MimeKit.MimePart>().Single().FileName));

        var list = await web.Client.GetFromJsonAsync<JsonElement>(Runs(s));
        Assert.Equal(runId, list.EnumerateArray().Single().GetProperty("id").GetInt64());

        // A finished run cannot be cancelled; an unknown one is not found.
        var cancel = await web.Client.PostAsync($"{Runs(s)}/{runId}/cancel", null);
        Assert.Contains("only a draft, scheduled or stopped one can be cancelled", (await JsonAsync(cancel, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.GetAsync($"{Runs(s)}/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.PostAsync($"{Runs(s)}/999999/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_scheduled_mail_out_keeps_its_edition_and_is_cancelled_and_a_second_one_meanwhile_is_a_conflict()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        Assert.Equal(1, await s.AssembleAsync());
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var at = DateTimeOffset.UtcNow.AddDays(2);
        var run = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 1, runAt = at, recipients = new[] { await FirstParticipationAsync(s) } }), HttpStatusCode.Created);
        var runId = run.GetProperty("id").GetInt64();
        Assert.Equal("scheduled", run.GetProperty("status").GetString());
        Assert.Equal(at.UtcDateTime, run.GetProperty("runAt").GetDateTime(), TimeSpan.FromMinutes(1));
        Assert.Equal((1L, 1L), await app.Run<Roundtable.Web.Features.MailOut.ReportRecipients, (long, long)>(r => r.CountAsync(s.RoundtableId, runId, CancellationToken.None)));

        Assert.Equal(2, await s.AssembleAsync());
        Assert.Equal(1, (await web.Client.GetFromJsonAsync<JsonElement>($"{Runs(s)}/{runId}")).GetProperty("editionNumber").GetInt32());
        var busy = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 2 }), HttpStatusCode.Conflict);
        Assert.Contains("running or scheduled", busy.GetProperty("detail").GetString());

        var cancelled = await JsonAsync(await web.Client.PostAsync($"{Runs(s)}/{runId}/cancel", null), HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId"));
    }

    [Fact]
    public async Task A_missing_unknown_or_leaking_edition_a_past_follow_up_and_strangers_are_refused_as_problem_details_with_nothing_written()
    {
        var s = await MailOutScenario.CreateAsync(app);
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);

        var none = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 1 }), HttpStatusCode.BadRequest);
        Assert.Contains("There is no edition 1 of this report: no edition is assembled yet", Errors(none, "edition"));
        Assert.Equal(1, await s.AssembleAsync());
        var missing = await JsonAsync(await web.PostJsonAsync(Runs(s), new { inviteFollowUp = false }), HttpStatusCode.BadRequest);
        Assert.Contains("Give the number of the assembled edition", Errors(missing, "edition"));
        var unknown = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 5 }), HttpStatusCode.BadRequest);
        Assert.Contains("There is no edition 5 of this report. Choose one of the assembled editions (the newest is edition 1).", Errors(unknown, "edition"));
        Assert.Contains("There is no edition 5", unknown.GetProperty("detail").GetString());

        await s.Report.SaveTextsAsync(f => { f.Recommendations = "Meet again, as Jim Harlan proposed."; return f; });
        Assert.Equal(2, await s.AssembleAsync());
        var leaking = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 2 }), HttpStatusCode.BadRequest);
        Assert.Contains("Edition 2 names people who may not be named (James Harlan in Where should we go from here?", Errors(leaking, "edition"));

        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE roundtables SET start_date = '2020-01-01', end_date = '2020-01-01' WHERE id = @id", new { id = s.FollowUpId });
        }
        var past = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 1 }), HttpStatusCode.BadRequest);
        Assert.Contains("which has passed", Errors(past, "inviteFollowUp"));
        var strangers = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 1, inviteFollowUp = false, recipients = new[] { 987654321L } }), HttpStatusCode.BadRequest);
        Assert.Contains("Not participations of this roundtable: 987654321", Errors(strangers, "recipients"));
        var nobody = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 1, inviteFollowUp = false, recipients = Array.Empty<long>() }), HttpStatusCode.BadRequest);
        Assert.Contains("No recipients", Errors(nobody, "recipients"));
        var pastRun = await JsonAsync(await web.PostJsonAsync(Runs(s), new { edition = 1, inviteFollowUp = false, runAt = DateTimeOffset.UtcNow.AddHours(-1) }), HttpStatusCode.BadRequest);
        Assert.Contains("in the future", Errors(pastRun, "runAt"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await web.Client.PostAsync(Runs(s), new FormUrlEncodedContent([KeyValuePair.Create("edition", "1")]))).StatusCode);

        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @roundtableId"));
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM reports WHERE roundtable_id = @roundtableId AND published_edition_id IS NOT NULL"));
    }

    [Fact]
    public async Task A_rapporteur_or_another_organizer_cannot_start_and_the_openapi_document_describes_the_runs()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        Assert.Equal(1, await s.AssembleAsync());
        await app.CreateUserAsync($"rap-{s.Tag}@api.example.org", Roles.Rapporteur);
        using (var rapporteur = await app.SignInAsync($"rap-{s.Tag}@api.example.org"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.PostJsonAsync(Runs(s), new { edition = 1 })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync(Runs(s))).StatusCode);
        }
        await app.CreateUserAsync($"other-{s.Tag}@api.example.org", Roles.Organizer);
        using (var other = await app.SignInAsync($"other-{s.Tag}@api.example.org"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJsonAsync(Runs(s), new { edition = 1 })).StatusCode);
        }
        Assert.Equal(0, await s.CountAsync("SELECT COUNT(*) FROM followup_runs WHERE roundtable_id = @roundtableId"));

        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var doc = await web.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        var runs = paths.GetProperty("/api/roundtables/{roundtableId}/followup/runs");
        Assert.True(runs.TryGetProperty("post", out var post));
        Assert.True(post.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(runs.TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/roundtables/{roundtableId}/followup/runs/{runId}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/roundtables/{roundtableId}/followup/runs/{runId}/cancel").TryGetProperty("post", out _));
    }

    private async Task<long> FirstParticipationAsync(MailOutScenario s)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM participations WHERE roundtable_id = @roundtableId", new { roundtableId = s.RoundtableId });
    }

    private static string Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : $"(no errors for {field}: {problem})";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
