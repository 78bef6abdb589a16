using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Inbox;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Tests.Features.Inbox;

/// <summary>
/// The reply mailbox against a real IMAP server (Dovecot): calendar answers as Outlook, Gmail and Apple Calendar send
/// them, bounces as Postfix and Exchange send them, people writing back, and what must never happen twice.
/// </summary>
public sealed class ReplyMailboxTests(InboxAppFactory app) : IClassFixture<InboxAppFactory>
{
    private static int counter;

    private sealed record Invited(long RoundtableId, long Participation, string Email, string Name, string Title, string Uid);

    private async Task<Invited> InvitedAsync(string prefix)
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync(prefix, 1);
        await app.InviteAsync(roundtableId, participations);
        return new Invited(roundtableId, participations[0], $"{prefix.ToLowerInvariant()}000@invitees.example.org", $"{prefix} Person000",
            $"Roundtable {prefix}", $"roundtable-{roundtableId}@institute.example.org");
    }

    private static string Sample(string name, Invited who, int sequence = 0, string? messageId = null, string? attendee = null) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Inbox", "Samples", name))
            .Replace("{UID}", who.Uid).Replace("{ATTENDEE}", attendee ?? who.Email).Replace("{NAME}", who.Name)
            .Replace("{TITLE}", who.Title).Replace("{SEQUENCE}", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{MESSAGEID}", messageId ?? "none@nowhere.example").Replace("{N}", Interlocked.Increment(ref counter).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    private async Task<int> ReadAsync(bool mayFail = false)
    {
        var handled = await app.Run<ReadInboxJob, int>(j => j.RunAsync(CancellationToken.None));
        if (!mayFail)
        {
            await using var conn = await app.Db.OpenAsync();
            Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT last_error FROM inbox_status WHERE id = 1"));
        }
        return handled;
    }

    private async Task<(string Status, string? Answer, string? Comment, string? Source, int Changes)> AnswerAsync(long participationId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.QuerySingleAsync<(string, string?, string?, string?, int)>("""
            SELECT pa.invitation_status, r.answer, r.comment, r.source, COALESCE(r.changes, -1)
            FROM participations pa LEFT JOIN rsvp_responses r ON r.participation_id = pa.id WHERE pa.id = @participationId
            """, new { participationId });
    }

    private async Task<(string Kind, string Outcome, string? MovedTo)> LedgerAsync(string subjectPart)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.QuerySingleAsync<(string, string, string?)>(
            "SELECT kind, outcome, moved_to FROM inbox_messages WHERE subject LIKE @s ORDER BY id DESC LIMIT 1", new { s = "%" + subjectPart + "%" });
    }

    [Theory]
    [InlineData("outlook-accept.eml", "accepted", "Vegetarian meal please.")]
    [InlineData("gmail-decline.eml", "declined", "Travelling that week, sorry.")]
    [InlineData("apple-tentative.eml", "tentative", null)]
    public async Task A_calendar_answer_sets_the_answer_as_the_rsvp_page_would_and_is_moved_to_processed(string sample, string answer, string? comment)
    {
        var who = await InvitedAsync("Cal" + sample[..4]);
        await app.Imap.AppendAsync(Sample(sample, who));

        Assert.Equal(1, await ReadAsync());

        Assert.Equal((answer, answer, comment ?? "", RsvpSource.CalendarReply, 0), await AnswerAsync(who.Participation));
        var (kind, outcome, movedTo) = await LedgerAsync(who.Title);
        Assert.Equal("calendar_reply", kind);
        Assert.Contains(answer, outcome);
        Assert.Equal("Roundtable Processed", movedTo);
        var counts = await app.Imap.CountsAsync();
        Assert.Equal(0, counts["INBOX"]);
        // The confirmation the RSVP page would send is queued too.
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE participation_id = @p AND template = 'rsvp_confirmation'", new { p = who.Participation }));
    }

    [Fact]
    public async Task Reading_twice_or_after_a_crash_before_the_move_applies_an_answer_once()
    {
        var who = await InvitedAsync("Twice");
        await app.Imap.AppendAsync(Sample("outlook-accept.eml", who));
        // A crash between handling and moving: the message was handled (its ledger row and answer written) but is still
        // in the folder.
        using (var client = await app.Imap.ConnectAsync())
        {
            var inbox = client.Inbox;
            await inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
            var uid = (await inbox.SearchAsync(MailKit.Search.SearchQuery.All)).Single();
            var message = await inbox.GetMessageAsync(uid);
            await app.Run<ProcessInboxMessage, InboxOutcome>(p => p.HandleAsync(
                new InboxItem(inbox.FullName, inbox.UidValidity, uid.Id, 1000, DateTime.UtcNow), message, CancellationToken.None));
        }
        Assert.Equal(0, (await AnswerAsync(who.Participation)).Changes);

        Assert.Equal(0, await ReadAsync()); // only moved
        Assert.Equal(0, await ReadAsync()); // nothing left

        Assert.Equal(("accepted", "accepted", "Vegetarian meal please.", RsvpSource.CalendarReply, 0), await AnswerAsync(who.Participation));
        Assert.Equal(0, (await app.Imap.CountsAsync())["INBOX"]);
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE participation_id = @p AND template = 'rsvp_confirmation'", new { p = who.Participation }));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages WHERE subject LIKE @s", new { s = "%" + who.Title + "%" }));
    }

    [Fact]
    public async Task A_reply_to_an_older_invitation_is_recorded_but_does_not_override_the_answer_given_on_the_page_since()
    {
        var who = await InvitedAsync("Stale");
        // The date changed: the update carries SEQUENCE 1, and the invitee answered it on the RSVP page.
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE participations SET calendar_sequence = 1 WHERE id = @p", new { p = who.Participation });
        }
        await app.Run<AnswerRsvp, Roundtable.Web.Infrastructure.Result<Invitee>>(a => a.HandleAsync(who.Participation, "declined", "New date does not work.", CancellationToken.None));
        // Then the calendar sends its Accept of the old invitation.
        await app.Imap.AppendAsync(Sample("outlook-accept.eml", who, sequence: 0));

        await ReadAsync();

        Assert.Equal(("declined", "declined", "New date does not work.", RsvpSource.Page, 0), await AnswerAsync(who.Participation));
        var (kind, outcome, movedTo) = await LedgerAsync(who.Title);
        Assert.Equal("calendar_reply", kind);
        Assert.Contains("older invitation", outcome);
        Assert.Equal("Roundtable Processed", movedTo);
    }

    [Fact]
    public async Task Replies_for_unknown_events_other_attendees_forged_organizers_and_broken_calendars_go_to_unrecognized_with_the_reason()
    {
        var who = await InvitedAsync("Odd");
        var stranger = who with { Uid = "0420fe@calendar.example.com", Title = "Roundtable Odd unknown" };
        await app.Imap.AppendAsync(Sample("gmail-decline.eml", stranger));
        var other = who with { Title = "Roundtable Odd other" };
        await app.Imap.AppendAsync(Sample("gmail-decline.eml", other, attendee: "someone.else@invitees.example.org"));
        var forged = Sample("apple-tentative.eml", who with { Title = "Roundtable Odd forged" })
            .Replace("mailto:organizers@institute.example.org", "mailto:mallory@evil.example.net");
        await app.Imap.AppendAsync(forged);
        var whole = Sample("outlook-accept.eml", who with { Title = "Roundtable Odd broken" });
        // Cut off after the time zone: a reply that answers no event.
        var broken = whole[..whole.IndexOf("BEGIN:VEVENT", StringComparison.Ordinal)] + "END:VCALENDAR\n\n--_000_DB9PR07MB1234_--\n";
        await app.Imap.AppendAsync(broken);

        Assert.Equal(4, await ReadAsync());

        Assert.Equal(("invited", null, null, null, -1), await AnswerAsync(who.Participation));
        Assert.Contains("not one of this installation's invitations", (await LedgerAsync("Roundtable Odd unknown")).Outcome);
        Assert.Contains("not invited", (await LedgerAsync("Roundtable Odd other")).Outcome);
        Assert.Contains("mallory@evil.example.net", (await LedgerAsync("Roundtable Odd forged")).Outcome);
        var brokenOutcome = await LedgerAsync("Roundtable Odd broken");
        Assert.Equal("unrecognized", brokenOutcome.Kind);
        Assert.All(new[] { "unknown", "other", "forged", "broken" }, async s => Assert.Equal("Roundtable Unrecognized", (await LedgerAsync("Roundtable Odd " + s)).MovedTo));
        var counts = await app.Imap.CountsAsync();
        Assert.Equal(0, counts["INBOX"]);
        Assert.True(counts["Roundtable Unrecognized"] >= 4);
    }

    [Theory]
    [InlineData("postfix-bounce.eml", "5.1.1")]
    [InlineData("exchange-bounce.eml", "5.1.10")]
    public async Task A_bounce_flags_the_address_and_later_mailings_skip_it_until_it_changes(string sample, string status)
    {
        var who = await InvitedAsync("Bounce" + sample[..4]);
        string messageId;
        await using (var conn = await app.Db.OpenAsync())
        {
            messageId = await conn.ExecuteScalarAsync<string>("SELECT message_id FROM outbox WHERE participation_id = @p", new { p = who.Participation }) ?? "";
        }
        await app.Imap.AppendAsync(Sample(sample, who, messageId: messageId));

        Assert.Equal(1, await ReadAsync());

        await using (var conn = await app.Db.OpenAsync())
        {
            var bounce = await conn.QuerySingleAsync<(string Status, bool Hard, string Diagnostic)>(
                "SELECT b.status, b.hard, b.diagnostic FROM delivery_bounces b JOIN outbox o ON o.id = b.outbox_id WHERE o.participation_id = @p", new { p = who.Participation });
            Assert.Equal(status, bounce.Status);
            Assert.True(bounce.Hard);
            Assert.Contains(status, bounce.Diagnostic);
            Assert.Contains(status, await conn.ExecuteScalarAsync<string>(
                "SELECT p.email_bounce_reason FROM people p JOIN participations pa ON pa.person_id = p.id WHERE pa.id = @p", new { p = who.Participation }));
        }
        // The organizer sees the flag on the participants, invitations and people pages.
        using (var organizer = await app.SignInAsync($"org-{("Bounce" + sample[..4]).ToLowerInvariant()}@tests.example.org"))
        {
            Assert.Contains("address bounced", (await organizer.GetPageAsync($"/roundtables/{who.RoundtableId}/participants")).QuerySelector("#participants")!.TextContent);
            Assert.Contains("address bounced", (await organizer.GetPageAsync($"/roundtables/{who.RoundtableId}/invitations?status=invited")).QuerySelector("#invitees")!.TextContent);
            Assert.Contains("bounced", (await organizer.GetPageAsync("/people")).QuerySelector("table.grid")!.TextContent);
        }
        // The invitation sent again skips the address, with the reason on the mailing.
        var again = await app.InviteAsync(who.RoundtableId, [who.Participation]);
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE participation_id = @p", new { p = who.Participation }));
            Assert.Contains("bounced", await conn.ExecuteScalarAsync<string>(
                "SELECT s.reason FROM mailing_skips s JOIN mailings m ON m.id = s.mailing_id WHERE m.roundtable_id = @r ORDER BY m.id DESC LIMIT 1", new { r = who.RoundtableId }));
        }
        Assert.Equal(0, again.Queued);
        // A corrected address is mailed again.
        long personId;
        await using (var conn = await app.Db.OpenAsync())
        {
            personId = await conn.ExecuteScalarAsync<long>("SELECT person_id FROM participations WHERE id = @p", new { p = who.Participation });
        }
        var form = (await app.Run<Roundtable.Web.Features.People.GetPerson, Roundtable.Web.Features.People.GetPerson.Row?>(g => g.HandleAsync(personId, CancellationToken.None)))!.ToForm();
        form.Email = "corrected." + who.Email;
        Assert.True((await app.Run<Roundtable.Web.Features.People.UpdatePerson, Roundtable.Web.Infrastructure.Result<bool>>(u => u.HandleAsync(personId, form, CancellationToken.None))).Ok);
        await app.InviteAsync(who.RoundtableId, [who.Participation]);
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE participation_id = @p AND address = @a", new { p = who.Participation, a = form.Email }));
        }
    }

    [Fact]
    public async Task A_delayed_delivery_is_recorded_without_flagging_and_a_report_for_an_unknown_message_is_unrecognized()
    {
        var who = await InvitedAsync("Delay");
        string messageId;
        await using (var conn = await app.Db.OpenAsync())
        {
            messageId = await conn.ExecuteScalarAsync<string>("SELECT message_id FROM outbox WHERE participation_id = @p", new { p = who.Participation }) ?? "";
        }
        await app.Imap.AppendAsync(Sample("postfix-delayed.eml", who, messageId: messageId));
        await app.Imap.AppendAsync(Sample("postfix-bounce.eml", who with { Title = "Roundtable Delay unknown" }, messageId: "rt.999.x.0.nobody@elsewhere.example"));

        Assert.Equal(2, await ReadAsync());

        await using var conn2 = await app.Db.OpenAsync();
        Assert.Null(await conn2.ExecuteScalarAsync<string?>(
            "SELECT p.email_bounced_at FROM people p JOIN participations pa ON pa.person_id = p.id WHERE pa.id = @p", new { p = who.Participation }));
        Assert.False(await conn2.ExecuteScalarAsync<bool>(
            "SELECT b.hard FROM delivery_bounces b JOIN outbox o ON o.id = b.outbox_id WHERE o.participation_id = @p", new { p = who.Participation }));
        var unknown = await conn2.QuerySingleAsync<(string Kind, string Outcome)>(
            "SELECT kind, outcome FROM inbox_messages WHERE outcome LIKE '%nobody@elsewhere.example%'");
        Assert.Equal("unrecognized", unknown.Kind);
        Assert.Contains("did not send", unknown.Outcome);
    }

    [Fact]
    public async Task A_participant_writing_back_appears_as_a_message_on_the_roundtable()
    {
        var who = await InvitedAsync("Writes");
        string messageId;
        await using (var conn = await app.Db.OpenAsync())
        {
            messageId = await conn.ExecuteScalarAsync<string>("SELECT message_id FROM outbox WHERE participation_id = @p", new { p = who.Participation }) ?? "";
        }
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress(who.Name, who.Email));
        reply.To.Add(MailboxAddress.Parse("organizers@institute.example.org"));
        reply.Subject = "Re: Invitation: " + who.Title;
        reply.InReplyTo = messageId;
        reply.Body = new TextPart("plain") { Text = "I will come, but must leave at three.\n\nOn Sat, someone wrote:\n> You are invited.\n" };
        await app.Imap.AppendAsync(reply);

        Assert.Equal(1, await ReadAsync());

        await using var conn2 = await app.Db.OpenAsync();
        var row = await conn2.QuerySingleAsync<(string Kind, long? RoundtableId, string Excerpt)>(
            "SELECT kind, roundtable_id, excerpt FROM inbox_messages WHERE subject = @s", new { s = reply.Subject });
        Assert.Equal(("message", who.RoundtableId, "I will come, but must leave at three."), row);

        // The roundtable's organizer reads it on the overview and on the replies page; the whole mailbox is for administrators.
        using var organizer = await app.SignInAsync("org-writes@tests.example.org");
        var overview = await organizer.GetPageAsync($"/roundtables/{who.RoundtableId}");
        Assert.Contains("I will come, but must leave at three.", overview.QuerySelector("#written-replies")!.TextContent);
        var replies = await organizer.GetPageAsync($"/roundtables/{who.RoundtableId}/replies");
        Assert.Contains("Shown on the roundtable's page.", replies.QuerySelector("#inbox-messages")!.TextContent);
        await organizer.GetPageAsync("/inbox", System.Net.HttpStatusCode.Forbidden);
        await app.CreateUserAsync("admin-inbox@tests.example.org", Roundtable.Web.Infrastructure.Roles.Administrator);
        using var admin = await app.SignInAsync("admin-inbox@tests.example.org");
        var mailbox = await admin.GetPageAsync("/inbox");
        Assert.Contains(ImapTestServer.User, mailbox.QuerySelector("#inbox-status")!.TextContent);
        Assert.Contains(reply.Subject, mailbox.QuerySelector("#inbox-messages")!.TextContent);
    }

    [Fact]
    public async Task A_message_too_large_to_read_is_recorded_and_set_aside_unread()
    {
        var who = await InvitedAsync("Huge");
        var settings = app.Services.GetRequiredService<MailSettings>().Inbox;
        var limit = settings.MaxMessageBytes;
        var huge = Sample("outlook-accept.eml", who).Replace("VmVnZXRhcmlhbiBtZWFsIHBsZWFzZS4NCg==", string.Join("\n", Enumerable.Repeat(new string('A', 76), 200)));
        await app.Imap.AppendAsync(huge);
        settings.MaxMessageBytes = 8 * 1024;
        try
        {
            Assert.Equal(1, await ReadAsync());
        }
        finally
        {
            settings.MaxMessageBytes = limit;
        }
        Assert.Equal(("invited", null, null, null, -1), await AnswerAsync(who.Participation));
        await using var conn = await app.Db.OpenAsync();
        var row = await conn.QuerySingleAsync<(string Kind, string Outcome, string MovedTo)>(
            "SELECT kind, outcome, moved_to FROM inbox_messages WHERE outcome LIKE 'Too large%' ORDER BY id DESC LIMIT 1");
        Assert.Equal("unrecognized", row.Kind);
        Assert.Equal("Roundtable Unrecognized", row.MovedTo);
    }

    [Fact]
    public async Task A_wrong_password_is_recorded_on_the_status_and_never_fails_the_job()
    {
        var settings = app.Services.GetRequiredService<MailSettings>().Inbox;
        var right = settings.Password;
        settings.Password = "wrong";
        try
        {
            Assert.Equal(0, await ReadAsync(mayFail: true));
        }
        finally
        {
            settings.Password = right;
        }
        await using var conn = await app.Db.OpenAsync();
        var status = await conn.QuerySingleAsync<(int Failures, string? Error)>("SELECT failures, last_error FROM inbox_status WHERE id = 1");
        Assert.Equal(1, status.Failures);
        Assert.Contains("refused the user name or password", status.Error);
        // The next run waits out the pause; then a good run clears the failure.
        await conn.ExecuteAsync("UPDATE inbox_status SET last_attempt_at = @t", new { t = DateTime.UtcNow.AddHours(-1) });
        await ReadAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT failures FROM inbox_status WHERE id = 1"));
    }
}
