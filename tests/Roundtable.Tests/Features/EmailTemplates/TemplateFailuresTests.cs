using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.EmailTemplates;

/// <summary>
/// A template that fails only in some branch: refused at save time; and if one is stored all the same (saved by an
/// earlier version), it costs nobody their answer, their invitation or another roundtable's reminders.
/// </summary>
public sealed class TemplateFailuresTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    // Runs past the renderer's step limit, so it throws, but only when the invitation is an update.
    private const string FailsOnUpdate = "{% if update %}{% for i in (1..200000) %}x{% endfor %}{% endif %}Dear {{ recipient.greeting }}";

    [Fact]
    public async Task A_template_failing_only_in_a_branch_the_sample_skips_is_refused_at_save()
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Branch", 1);
        using var web = await app.SignInAsync("org-branch@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/invitation";

        Assert.Contains("HTML part: unknown filter \"shout\"", await EmailTemplatesWebTests.RefusalAsync(web, url,
            EmailTemplatesWebTests.Form("Invitation", html: "{% if update %}{{ roundtable.title | shout }}{% endif %}<p>Hello</p>")));
        Assert.Contains("does not render", await EmailTemplatesWebTests.RefusalAsync(web, url, EmailTemplatesWebTests.Form("Invitation", text: FailsOnUpdate)));
        Assert.Contains("does not render", await EmailTemplatesWebTests.RefusalAsync(web, $"/roundtables/{roundtableId}/templates/rsvp_confirmation",
            EmailTemplatesWebTests.Form("Thanks", text: "{% if rsvp.answer == \"Declined\" %}{% for i in (1..200000) %}x{% endfor %}{% endif %}Thank you")));

        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM email_templates WHERE roundtable_id = @roundtableId", new { roundtableId }));
    }

    [Fact]
    public async Task An_answer_counts_when_its_confirmation_does_not_render_and_the_mailing_says_why()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("NoConfirm", 1);
        await app.InviteAsync(roundtableId, participations);
        await StoreAsync(roundtableId, "rsvp_confirmation", "{% for i in (1..200000) %}x{% endfor %}");

        var answer = await app.Run<AnswerRsvp, Result<Invitee>>(a => a.HandleAsync(participations[0], "accepted", "See you there", CancellationToken.None));

        Assert.True(answer.Ok);
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal("accepted", await conn.ExecuteScalarAsync<string>("SELECT invitation_status FROM participations WHERE id = @id", new { id = participations[0] }));
        Assert.Equal("See you there", await conn.ExecuteScalarAsync<string>("SELECT comment FROM rsvp_responses WHERE participation_id = @id", new { id = participations[0] }));
        var reason = await conn.ExecuteScalarAsync<string>("""
            SELECT s.reason FROM mailing_skips s JOIN mailings m ON m.id = s.mailing_id WHERE m.roundtable_id = @roundtableId AND m.kind = 'rsvp_confirmation'
            """, new { roundtableId });
        Assert.StartsWith("The confirmation template does not render", reason);
    }

    [Fact]
    public async Task Invitations_whose_template_does_not_render_are_refused_whole_and_nobody_is_marked_invited()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("NoInvite", 2);
        await StoreAsync(roundtableId, "invitation", "{% for i in (1..200000) %}x{% endfor %}");

        var sent = await app.Run<SendInvitations, Result<InvitationsSent>>(s => s.HandleAsync(roundtableId, participations, false, null, CancellationToken.None));

        Assert.False(sent.Ok);
        Assert.Contains("does not render", sent.Errors.Single().Message);
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId", new { roundtableId }));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM participations WHERE roundtable_id = @roundtableId AND invitation_status <> 'not_invited'", new { roundtableId }));
    }

    [Fact]
    public async Task A_broken_reminder_template_holds_back_no_other_roundtables_reminders_and_the_mail_counts_the_days_left()
    {
        var broken = await SoonAsync("RemBroken", daysAhead: 2);
        var fine = await SoonAsync("RemFine", daysAhead: 2);
        await StoreAsync(broken, "reminder", "{% for i in (1..200000) %}x{% endfor %}");

        var run = await Record.ExceptionAsync(() => app.Run<SendRemindersJob, bool>(async j => { await j.RunAsync(CancellationToken.None); return true; }));

        Assert.Null(run); // a template that does not render skips its recipients with the reason; the job itself goes on
        await using var conn = await app.Db.OpenAsync();
        var subjects = (await conn.QueryAsync<string>("""
            SELECT o.subject FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @fine AND m.kind = 'reminder'
            """, new { fine })).AsList();
        Assert.Equal(2, subjects.Count);
        // Reminders are set to 7 days before, but the roundtable is 2 days away: the mail says 2.
        Assert.All(subjects, s => Assert.Contains("in 2 days", s));
        var reasons = await conn.QueryAsync<string>("""
            SELECT s.reason FROM mailing_skips s JOIN mailings m ON m.id = s.mailing_id WHERE m.roundtable_id = @broken AND m.kind = 'reminder'
            """, new { broken });
        Assert.Equal(2, reasons.Count());
        Assert.All(reasons, r => Assert.StartsWith("The reminder template does not render", r));

        // Mended, the next run reminds them, and the mailing no longer lists them as skipped.
        await conn.ExecuteAsync("DELETE FROM email_templates WHERE roundtable_id = @broken", new { broken });
        await app.Run<SendRemindersJob, bool>(async j => { await j.RunAsync(CancellationToken.None); return true; });
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @broken AND m.kind = 'reminder'
            """, new { broken }));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM mailing_skips s JOIN mailings m ON m.id = s.mailing_id WHERE m.roundtable_id = @broken
            """, new { broken }));
    }

    private async Task<long> SoonAsync(string prefix, int daysAhead)
    {
        var (roundtableId, participations) = await app.SoonRoundtableWithInviteesAsync(prefix, daysAhead, 2);
        await app.InviteAsync(roundtableId, participations);
        await app.Run<SaveReminderDays, Result<int?>>(s => s.HandleAsync(roundtableId, 7, CancellationToken.None));
        return roundtableId;
    }

    /// <summary>A template stored as an earlier version, which checked less, might have saved it.</summary>
    private async Task StoreAsync(long roundtableId, string name, string textBody)
    {
        await using var conn = await app.Db.OpenAsync();
        await conn.ExecuteAsync("""
            INSERT INTO email_templates (roundtable_id, name, subject, text_body, html_body, updated_at)
            VALUES (@roundtableId, @name, 'Subject', @textBody, '<p>Hello</p>', @now)
            """, new { roundtableId, name, textBody, now = DateTime.UtcNow });
    }
}
