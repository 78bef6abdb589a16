using System.Net.Http.Json;
using Dapper;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Invitations;

/// <summary>Through the web app, real Hangfire and a real SMTP server on loopback.</summary>
public sealed class InvitationsEndToEndTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    [Fact]
    public async Task Fifty_invitations_arrive_as_complete_mime_and_an_rsvp_link_records_the_answer()
    {
        var organizerId = await app.CreateUserAsync("org@e2e.example.org", Roles.Organizer);
        var roundtableId = await app.RoundtableAsync(organizerId, "Fifty Guests");
        var participations = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            var person = await app.PersonAsync($"Guest Number{i:00}", $"guest{i:00}@guests.example.org");
            participations.Add(await app.ParticipantAsync(roundtableId, person));
        }
        var noEmail = await app.PersonAsync("Without Address", "");
        await app.ParticipantAsync(roundtableId, noEmail);

        using var web = await app.SignInAsync("org@e2e.example.org");
        var invitations = await web.GetPageAsync($"/roundtables/{roundtableId}/invitations");
        var ids = invitations.QuerySelectorAll("input[name=participationIds]").Select(e => KeyValuePair.Create("participationIds", e.GetAttribute("value")!)).ToList();
        Assert.Equal(51, ids.Count);
        var mailingPage = await web.SubmitAsync($"/roundtables/{roundtableId}/invitations", $"/roundtables/{roundtableId}/invitations/send", [], ids);
        Assert.Contains("50 invitations queued", mailingPage.QuerySelector(".flash")!.TextContent);
        Assert.Contains("Without Address", mailingPage.QuerySelector("#skipped")!.TextContent);
        Assert.Contains("No email address", mailingPage.QuerySelector("#skipped")!.TextContent);

        await app.Smtp.WaitForAsync(s => s.Received.Count >= 50);
        Assert.Equal(50, app.Smtp.Received.Count);
        Assert.Equal(50, app.Smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        foreach (var message in app.Smtp.Received)
        {
            AssertInvitation(message);
        }

        var mine = app.Smtp.To("guest07@guests.example.org").Single();
        var link = RsvpLink(mine.TextBody!, "accepted");
        Assert.Contains(link.Replace("&", "&amp;"), mine.HtmlBody);
        using var invitee = new WebSession(app.NewClient());
        var page = await invitee.GetPageAsync(link);
        Assert.Contains("Fifty Guests", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("invited", await StatusAsync(participations[7]));
        var answered = await invitee.SubmitAsync(link, link.Split('?')[0],
            new() { ["answer"] = "accepted", ["comment"] = "Arriving by the early train." });
        Assert.Contains("I will attend", answered.QuerySelector("#answered")!.TextContent);
        Assert.Equal("accepted", await StatusAsync(participations[7]));

        var overview = await web.GetPageAsync($"/roundtables/{roundtableId}");
        Assert.Equal("1", overview.QuerySelector("#rsvp-summary [data-answer=accepted]")!.TextContent);
        Assert.Equal("49", overview.QuerySelector("#rsvp-summary [data-answer=invited]")!.TextContent);
        // The tile counts everyone invited, answered or not; it used to say "49 invited" beside "1 accepted".
        Assert.Equal("50", overview.QuerySelector(".stats [data-stat=invited]")!.TextContent);

        await app.Smtp.WaitForAsync(s => s.To("guest07@guests.example.org").Count == 2);
        var confirmation = app.Smtp.To("guest07@guests.example.org").Single(m => m.Subject!.StartsWith("Your answer", StringComparison.Ordinal));
        Assert.Contains("Accepted", confirmation.Subject);
        Assert.Contains("Arriving by the early train.", confirmation.TextBody!);

        var progress = await web.Client.GetFromJsonAsync<Dictionary<string, object>>(new Uri(mailingPage.QuerySelector("[data-progress-url]")!.GetAttribute("data-progress-url")!, UriKind.Relative));
        Assert.Equal("50", progress!["sent"].ToString());
        Assert.Equal("1", progress["skipped"].ToString());
    }

    private static void AssertInvitation(MimeMessage m)
    {
        Assert.Equal("invitations@institute.example.org", m.From.Mailboxes.Single().Address);
        Assert.Equal("organizers@institute.example.org", m.ReplyTo.Mailboxes.Single().Address);
        Assert.StartsWith("Invitation: Fifty Guests", m.Subject);
        Assert.Matches(@"^rt\.\d+\.participation-\d+\.0\.[0-9a-f]{32}@institute\.example\.org$", m.MessageId);
        var alternative = Assert.IsType<MultipartAlternative>(m.Body);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("/rsvp/", m.TextBody);
        Assert.Contains("Dear ", m.TextBody);
        Assert.Contains("I will attend", m.HtmlBody);
        var calendarPart = (TextPart)alternative[2];
        Assert.Equal("REQUEST", calendarPart.ContentType.Parameters["method"]);
        // The checks made on CalendarInvite.Build's output, now on the octets the recipient got.
        var ics = Decoded(calendarPart);
        IcsChecks.AssertLines(ics);
        var calendar = IcsChecks.AssertRequest(ics, m.To.Mailboxes.Single().Address);
        var attendee = calendar.Events.Single().Attendees.Single();
        Assert.Equal("mailto:" + m.To.Mailboxes.Single().Address, attendee.Value!.ToString());
        Assert.True(attendee.Rsvp);
        Assert.Equal("Europe/London", Assert.Single(calendar.TimeZones).TzId);
        // 09:00 in London on 10 March 2027, before summer time: 09:00 UTC.
        Assert.Equal(new DateTime(2027, 3, 10, 9, 0, 0, DateTimeKind.Utc), calendar.Events.Single().DtStart!.AsUtc);
    }

    /// <summary>The part's content with its transfer encoding undone, and nothing else: line ends stay as they were sent.</summary>
    private static string Decoded(TextPart part)
    {
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string RsvpLink(string text, string answer)
    {
        var start = text.IndexOf("http://localhost/rsvp/", StringComparison.Ordinal);
        var end = text.IndexOfAny([' ', '\r', '\n'], start);
        var link = text[start..end];
        Assert.EndsWith("?answer=" + answer, link);
        return link.Replace("http://localhost", "");
    }

    private async Task<string> StatusAsync(long participationId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT invitation_status FROM participations WHERE id = @participationId", new { participationId }) ?? "";
    }
}
