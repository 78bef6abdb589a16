using Dapper;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Tests.Features.Invitations;

public sealed class CalendarInviteTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private static readonly GetRoundtable.Row Roundtable = new()
    {
        Id = 42, Title = "Cooperation and Competition in the High North: a title long enough that iCalendar must fold its line",
        StartDate = "2027-03-10", EndDate = "2027-03-10", StartTime = "09:00", EndTime = "17:00", TimeZone = "America/New_York",
        Venue = "Harbor Conference Center, Portland, Maine — Salle Nørrebro",
    };

    private static string Ics(int sequence = 0) => CalendarInvite.Build(Roundtable, sequence, "Meridian Institute", "roundtables@meridian.example.org",
        new CalendarInvite.Attendee("Dr. Amara Nwosu-Øvergaard", "anwosu@eastbridge.example.edu"), "Answer here: https://rt.example.org/rsvp/abc",
        new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), "meridian.example.org");

    [Fact]
    public void The_ics_has_crlf_line_ends_and_no_line_longer_than_75_octets()
    {
        var ics = Ics();
        IcsChecks.AssertLines(ics);
        Assert.Contains(ics.Split("\r\n"), l => l.StartsWith(' ')); // the long title was folded, not cut
    }

    [Fact]
    public void The_ics_is_a_request_with_an_rsvp_attendee_a_real_organizer_and_a_valid_time_zone()
    {
        var ics = Ics(sequence: 3);
        var calendar = IcsChecks.AssertRequest(ics, "anwosu@eastbridge.example.edu");
        var lines = IcsChecks.Unfold(ics);
        Assert.Contains(lines, l => l.StartsWith("ORGANIZER", StringComparison.Ordinal) && l.EndsWith(":mailto:roundtables@meridian.example.org", StringComparison.Ordinal));
        Assert.Contains("UID:roundtable-42@meridian.example.org", lines);
        Assert.Contains("SEQUENCE:3", lines);
        Assert.Contains("DTSTART;TZID=America/New_York:20270310T090000", lines);
        Assert.Contains("DTEND;TZID=America/New_York:20270310T170000", lines);

        var zone = Assert.Single(calendar.TimeZones);
        Assert.Equal("America/New_York", zone.TzId);
        // 09:00 in New York on 10 March 2027 is before the DST switch (14 March): UTC-5.
        Assert.Equal(new DateTime(2027, 3, 10, 14, 0, 0, DateTimeKind.Utc), calendar.Events.Single().DtStart!.AsUtc);
    }

    [Fact]
    public async Task Sequence_rises_when_the_venue_changes_and_an_update_is_offered_to_the_organizer()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Seq", 2);
        await app.InviteAsync(roundtableId, participations);
        Assert.False(await ChangedAsync(roundtableId));
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE roundtables SET venue = 'Another Hall' WHERE id = @roundtableId", new { roundtableId });
        }
        Assert.True(await ChangedAsync(roundtableId));
        using var web = await app.SignInAsync("org-seq@tests.example.org");
        var page = await web.GetPageAsync($"/roundtables/{roundtableId}/invitations");
        Assert.NotNull(page.QuerySelector("#update-offer"));

        var update = await web.SubmitAsync($"/roundtables/{roundtableId}/invitations", $"/roundtables/{roundtableId}/invitations/update", []);
        Assert.Contains("2 updated invitations queued", update.QuerySelector(".flash")!.TextContent);
        Assert.False(await ChangedAsync(roundtableId));
        await using var check = await app.Db.OpenAsync();
        // Each queued message keeps its body as it goes on the wire; its calendar part is read back from those bytes.
        var calendars = (await check.QueryAsync<(string ContentType, byte[] Wire)>("""
            SELECT c.content_type, c.wire FROM outbox o JOIN outbox_content c ON c.outbox_id = o.id JOIN mailings m ON m.id = o.mailing_id
            WHERE m.roundtable_id = @roundtableId ORDER BY o.id
            """, new { roundtableId }))
            .Select(r => MimeEntity.Load(ContentType.Parse(r.ContentType), new MemoryStream(r.Wire)))
            .Select(body => ((Multipart)body).OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar").Text)
            .ToList();
        Assert.Equal(4, calendars.Count);
        Assert.All(calendars.Take(2), c => Assert.Contains("SEQUENCE:0", c));
        Assert.All(calendars.Skip(2), c => { Assert.Contains("SEQUENCE:1", c); Assert.Contains("LOCATION:Another Hall", c); });
        var subjects = await check.QueryAsync<string>("SELECT o.subject FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.kind = 'invitation_update' AND m.roundtable_id = @roundtableId", new { roundtableId });
        Assert.All(subjects, s => Assert.StartsWith("Updated invitation", s));
    }

    private async Task<bool> ChangedAsync(long roundtableId)
    {
        var rt = (await app.Run<GetRoundtable, GetRoundtable.Row?>(g => g.HandleAsync(roundtableId, CancellationToken.None)))!;
        var invitees = await app.Run<ListInvitees, IReadOnlyList<Invitee>>(l => l.HandleAsync(roundtableId, CancellationToken.None));
        return await app.Run<CheckCalendarChange, int>(c => c.HandleAsync(rt, invitees, CancellationToken.None)) > 0;
    }
}
