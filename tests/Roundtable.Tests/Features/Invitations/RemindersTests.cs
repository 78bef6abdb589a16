using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Invitations;

public sealed class RemindersTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private async Task<(long RoundtableId, List<long> Participations)> SoonAsync(string prefix, int daysAhead)
    {
        var (roundtableId, participations) = await app.SoonRoundtableWithInviteesAsync(prefix, daysAhead, 4);
        await app.InviteAsync(roundtableId, participations);
        return (roundtableId, participations);
    }

    private async Task<List<string>> RemindedAsync(long roundtableId)
    {
        await using var conn = await app.Db.OpenAsync();
        return (await conn.QueryAsync<string>("""
            SELECT o.address FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @roundtableId AND m.kind = 'reminder' ORDER BY o.address
            """, new { roundtableId })).AsList();
    }

    [Fact]
    public async Task Reminders_are_off_until_an_organizer_sets_the_days()
    {
        var (roundtableId, _) = await SoonAsync("Off", 2);
        await app.Run<SendRemindersJob, bool>(async j => { await j.RunAsync(CancellationToken.None); return true; });
        Assert.Empty(await RemindedAsync(roundtableId));
    }

    [Fact]
    public async Task Non_responders_are_reminded_once_however_often_the_job_runs()
    {
        var (roundtableId, participations) = await SoonAsync("Once", 2);
        await app.Run<AnswerRsvp, Result<Invitee>>(a => a.HandleAsync(participations[0], "declined", "", CancellationToken.None));
        using var web = await app.SignInAsync("org-once@tests.example.org");
        await web.SubmitAsync($"/roundtables/{roundtableId}/invitations", $"/roundtables/{roundtableId}/invitations/reminders", new() { ["reminderDays"] = "3" });

        for (var run = 0; run < 3; run++)
        {
            await app.Run<SendRemindersJob, bool>(async j => { await j.RunAsync(CancellationToken.None); return true; });
        }
        Assert.Equal(["once1@remind.example.org", "once2@remind.example.org", "once3@remind.example.org"], await RemindedAsync(roundtableId));
        var reminder = await app.Run<ListMailings, IReadOnlyList<MailingProgress>>(l => l.HandleAsync(roundtableId, DateTime.UtcNow, CancellationToken.None));
        Assert.Contains(reminder, m => m.Kind == "reminder" && m.Queued == 3);
    }

    [Fact]
    public async Task No_reminder_before_the_chosen_number_of_days()
    {
        var (roundtableId, _) = await SoonAsync("Early", 20);
        Assert.Null(await app.Run<SendRemindersJob, long?>(j => j.RemindAsync(roundtableId, 5, CancellationToken.None)));
        Assert.NotNull(await app.Run<SendRemindersJob, long?>(j => j.RemindAsync(roundtableId, 25, CancellationToken.None)));
        Assert.Equal(4, (await RemindedAsync(roundtableId)).Count);
    }

    [Fact]
    public async Task Reminder_days_outside_one_to_sixty_are_refused()
    {
        var (roundtableId, _) = await SoonAsync("Range", 10);
        using var web = await app.SignInAsync("org-range@tests.example.org");
        var response = await web.PostFormAsync($"/roundtables/{roundtableId}/invitations", $"/roundtables/{roundtableId}/invitations/reminders", new() { ["reminderDays"] = "90" });
        Assert.Contains("between 1 and 60 days", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Null(await app.Run<GetReminderDays, int?>(g => g.HandleAsync(roundtableId, CancellationToken.None)));
    }
}
