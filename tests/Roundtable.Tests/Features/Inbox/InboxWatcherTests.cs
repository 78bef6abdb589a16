using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Inbox;

namespace Roundtable.Tests.Features.Inbox;

/// <summary>With Hangfire running, an answer arrives through IMAP IDLE within seconds, not at the next minute's reading.</summary>
public sealed class InboxWatcherTests(WatchedInboxAppFactory app) : IClassFixture<WatchedInboxAppFactory>
{
    [Fact]
    public async Task An_accept_is_counted_within_seconds_through_idle_without_the_minutes_reading()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Idle", 1);
        await app.InviteAsync(roundtableId, participations);
        // Only the watcher may read: the minute's recurring reading is taken away.
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(InboxSetup.RecurringJobId);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the watcher connects and enters IDLE

        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("Idle Person000", "idle000@invitees.example.org"));
        reply.To.Add(MailboxAddress.Parse("organizers@institute.example.org"));
        reply.Subject = "Accepted: Roundtable Idle";
        var calendar = new TextPart("calendar")
        {
            Text = $"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nPRODID:-//Test//EN\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:roundtable-{roundtableId}@institute.example.org\r\n"
                + "SEQUENCE:0\r\nDTSTAMP:20261205T100000Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:idle000@invitees.example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        };
        calendar.ContentType.Parameters.Add("method", "REPLY");
        reply.Body = calendar;
        var appended = DateTime.UtcNow;
        await app.Imap.AppendAsync(reply);

        string? source = null;
        while (DateTime.UtcNow < appended.AddSeconds(25) && source is null)
        {
            await Task.Delay(250);
            await using var conn = await app.Db.OpenAsync();
            source = await conn.ExecuteScalarAsync<string?>("SELECT source FROM rsvp_responses WHERE participation_id = @p", new { p = participations[0] });
        }
        Assert.Equal(Roundtable.Web.Features.Invitations.RsvpSource.CalendarReply, source);
    }
}
