using System.Net;
using Dapper;
using Roundtable.Tests.Features.MailOut;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reconvene;

namespace Roundtable.Tests.Features.Reconvene;

public sealed class ReconveneWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Reconvene_carries_over_attendees_minus_decliners_adds_new_people_and_takes_the_open_questions_as_agenda()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE participations SET invitation_status = 'declined' WHERE id = @id", new { id = s.Report.Quiet });
        }
        var outsider = await app.PersonAsync("Olaf Outsider " + s.Tag, $"olaf-{s.Tag}@outside.example.org");
        await app.Run<Roundtable.Web.Features.Reports.AddOpenQuestion, long>(a => a.HandleAsync(s.RoundtableId, new() { Text = "Who pays for the ports?" }, CancellationToken.None));
        await app.Run<Roundtable.Web.Features.Reports.AddOpenQuestion, long>(a => a.HandleAsync(s.RoundtableId, new() { Text = "Can rescue survive a crisis?" }, CancellationToken.None));
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var url = $"/roundtables/{s.RoundtableId}/reconvene";
        var page = await web.GetPageAsync(url);

        var boxes = page.QuerySelectorAll("input[name='Form.CarryOver']").ToList();
        Assert.Equal(9, boxes.Count);
        Assert.Equal(8, boxes.Count(b => b.HasAttribute("checked")));
        Assert.False(page.QuerySelector($"#carry-{s.Report.Quiet}")!.HasAttribute("checked"));
        Assert.Equal(["Who pays for the ports?", "Can rescue survive a crisis?"], page.QuerySelectorAll("#agenda-from-questions label").Select(l => l.TextContent.Trim()));
        Assert.StartsWith("Northern Lights Roundtable " + s.Tag + ": Follow-up Roundtable", page.QuerySelector("#Form_Details_Title")!.GetAttribute("value"));
        Assert.Empty(page.QuerySelectorAll("#Form_Details_Status"));

        var carry = boxes.Where(b => b.HasAttribute("checked")).Select(b => KeyValuePair.Create("Form.CarryOver", b.GetAttribute("value")!)).ToList();
        var questions = page.QuerySelectorAll("input[name='Form.Questions']").Take(1).Select(b => KeyValuePair.Create("Form.Questions", b.GetAttribute("value")!));
        var created = await web.SubmitAsync(url, url, new()
        {
            ["Form.Details.Title"] = "Northern Lights II", ["Form.Details.StartDate"] = "2027-09-01", ["Form.Details.StartTime"] = "10:00",
            ["Form.Details.EndTime"] = "16:00", ["Form.Details.TimeZone"] = "Europe/Oslo",
            ["Form.NewPeople"] = $"Kari Nilsen <kari-{s.Tag}@new.example.org>\nOlaf Again <OLAF-{s.Tag}@outside.example.org>\nNo Address Yet",
        }, carry.Concat(questions).Append(KeyValuePair.Create("Form.AddPeople", outsider.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal("Northern Lights II", created.QuerySelector("h1")!.TextContent);
        Assert.Contains("8 people carried over, 3 people added, 1 agenda item", created.QuerySelector(".flash")!.TextContent);
        Assert.Contains("A follow-up to", created.QuerySelector("#follow-up-summary")!.TextContent);
        await using var check = await app.Db.OpenAsync();
        var followUpId = await check.ExecuteScalarAsync<long>("SELECT id FROM roundtables WHERE parent_roundtable_id = @id", new { id = s.RoundtableId });
        Assert.Equal("planning", await check.ExecuteScalarAsync<string>("SELECT status FROM roundtables WHERE id = @followUpId", new { followUpId }));
        Assert.Equal(11, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM participations WHERE roundtable_id = @followUpId AND invitation_status = 'not_invited'", new { followUpId }));
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM participations WHERE roundtable_id = @followUpId AND (attended <> @no OR may_be_named <> @no)", new { followUpId, no = false }));
        // Presenters join as participants; the organizer stays an organizer.
        Assert.Equal(["participant"], await check.QueryAsync<string>("""
            SELECT r.role FROM participation_roles r JOIN participations pa ON pa.id = r.participation_id JOIN participations old ON old.person_id = pa.person_id
            WHERE pa.roundtable_id = @followUpId AND old.id = @harlan
            """, new { followUpId, harlan = s.Report.Harlan }));
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE email_normalized = @e", new { e = $"olaf-{s.Tag}@outside.example.org".ToUpperInvariant() }));
        Assert.Equal(["Who pays for the ports?"], await check.QueryAsync<string>("SELECT title FROM presentations WHERE roundtable_id = @followUpId ORDER BY position", new { followUpId }));

        var parent = await web.GetPageAsync($"/roundtables/{s.RoundtableId}");
        Assert.Contains("Northern Lights II", parent.QuerySelector("#follow-up-summary")!.TextContent);
    }

    [Fact]
    public async Task A_follow_up_without_a_date_or_with_a_bad_address_is_refused_with_a_clear_message_and_nothing_is_created()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        using var web = await app.SignInAsync(s.Report.OrganizerEmail);
        var url = $"/roundtables/{s.RoundtableId}/reconvene";
        var response = await web.PostFormAsync(url, url, new()
        {
            ["Form.Details.Title"] = "Undated", ["Form.Details.StartTime"] = "10:00", ["Form.Details.EndTime"] = "16:00", ["Form.Details.TimeZone"] = "UTC",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent;
        Assert.Contains(ReconveneController.NoDate, errors);
        Assert.DoesNotContain("The date is required.", errors);

        var bad = await web.PostFormAsync(url, url, new()
        {
            ["Form.Details.Title"] = "Dated", ["Form.Details.StartDate"] = "2027-09-01", ["Form.Details.StartTime"] = "10:00",
            ["Form.Details.EndTime"] = "16:00", ["Form.Details.TimeZone"] = "UTC", ["Form.NewPeople"] = "Good Person <good@example.org>\nBad Person <not-an-address>",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Line 2: “not-an-address” is not a valid email address.", (await WebSession.ParseAsync(bad)).QuerySelector(".errors")!.TextContent);

        var past = await web.PostFormAsync(url, url, new()
        {
            ["Form.Details.Title"] = "Too late", ["Form.Details.StartDate"] = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd"), ["Form.Details.StartTime"] = "10:00",
            ["Form.Details.EndTime"] = "16:00", ["Form.Details.TimeZone"] = "UTC",
        });
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Contains("has passed: choose a day from today on.", (await WebSession.ParseAsync(past)).QuerySelector(".errors")!.TextContent);
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM roundtables WHERE parent_roundtable_id = @id", new { id = s.RoundtableId }));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE email = 'good@example.org'"));
    }

    [Fact]
    public async Task Only_an_organizer_who_manages_the_roundtable_may_reconvene_it_or_mail_its_report()
    {
        var s = await MailOutScenario.CreateAsync(app, followUp: false);
        await app.CreateUserAsync($"other-{s.Tag}@tests.example.org", "organizer");
        await app.CreateUserAsync($"rapporteur-{s.Tag}@tests.example.org", "rapporteur");
        using var other = await app.SignInAsync($"other-{s.Tag}@tests.example.org");
        using var rapporteur = await app.SignInAsync($"rapporteur-{s.Tag}@tests.example.org");
        foreach (var path in new[] { "reconvene", "followup", "report/deliveries" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync($"/roundtables/{s.RoundtableId}/{path}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync($"/roundtables/{s.RoundtableId}/{path}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync("/roundtables/999999/reconvene")).StatusCode);
    }

    [Theory]
    [InlineData("Ada Lovelace <ada@example.org>", "Ada Lovelace", "ada@example.org")]
    [InlineData("Ada Lovelace, ada@example.org", "Ada Lovelace", "ada@example.org")]
    [InlineData("  Dr. Ada King  ", "Dr. Ada King", null)]
    public void New_people_lines_read_a_name_and_an_optional_address(string line, string name, string? email)
    {
        var (people, errors) = NewInviteeLines.Parse(line, "NewPeople");
        Assert.Empty(errors);
        Assert.Equal(new NewInvitee(name, email), Assert.Single(people));
    }

    [Fact]
    public void A_line_with_only_an_address_asks_for_the_name()
    {
        var (_, errors) = NewInviteeLines.Parse("\n\nada@example.org", "NewPeople");
        Assert.StartsWith("Line 3: write the person's name", Assert.Single(errors).Message);
    }
}
