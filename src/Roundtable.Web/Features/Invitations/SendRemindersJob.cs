using Hangfire;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>
/// Recurring: for each roundtable with reminders on, once it is N days or less before the start, reminds everyone
/// invited who has not answered (not those whose invitation failed or was cancelled: they never received it). The
/// reminder mailing is keyed by roundtable and N, and its rows by participation, so however often this runs nobody
/// gets the same reminder twice.
/// </summary>
public sealed class SendRemindersJob(
    Db db, GetRoundtable getRoundtable, ListInvitees invitees, EmailTemplateStore templates, InvitationComposer composer,
    Outbox outbox, IBackgroundJobClient jobs, MailSettings mail, TimeProvider clock, ILogger<SendRemindersJob> log)
{
    private sealed class Candidate
    {
        public long RoundtableId { get; init; }
        public int Days { get; init; }
    }

    private const string CandidatesSql = """
        SELECT s.roundtable_id, s.reminder_days_before AS days
        FROM invitation_settings s JOIN roundtables r ON r.id = s.roundtable_id
        WHERE s.reminder_days_before IS NOT NULL AND r.start_date >= @earliest
        """;

    [AutomaticRetry(Attempts = 1)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Candidate> candidates;
        await using (var conn = await db.OpenAsync(ct))
        {
            var earliest = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-1)).ToString("yyyy-MM-dd");
            candidates = (await conn.QueryAsync<Candidate>(new CommandDefinition(CandidatesSql, new { earliest }, cancellationToken: ct))).AsList();
        }
        // One roundtable's trouble (a template, say) does not hold back the others' reminders; the run still fails,
        // so the dashboard shows it, and the next run tries that roundtable again.
        var failures = new List<Exception>();
        foreach (var c in candidates)
        {
            try
            {
                await RemindAsync(c.RoundtableId, c.Days, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogError(e, "Reminders for roundtable {RoundtableId} failed", c.RoundtableId);
                failures.Add(e);
            }
        }
        if (failures.Count > 0)
        {
            throw new AggregateException($"Reminders failed for {failures.Count} roundtable(s).", failures);
        }
    }

    /// <returns>The reminder mailing's id, or null when it is not time (or nobody needs reminding).</returns>
    public async Task<long?> RemindAsync(long roundtableId, int days, CancellationToken ct)
    {
        var rt = await getRoundtable.HandleAsync(roundtableId, ct);
        if (rt is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(rt.TimeZone)).DateTime);
        if (today < rt.Start.AddDays(-days) || today >= rt.Start)
        {
            return null;
        }
        // What the mail says: the days still to go, which is fewer than the setting for someone invited later, or when
        // reminders were switched on late.
        var daysLeft = rt.Start.DayNumber - today.DayNumber;
        var waiting = (await invitees.HandleAsync(roundtableId, ct)).Where(i => i.InvitationStatus is "invited" or "no_answer" && !i.InvitationLost).ToList();
        if (waiting.Count == 0)
        {
            return null;
        }
        var template = await templates.CompileAsync(roundtableId, "reminder", ct);
        var nowUtc = now.UtcDateTime;
        var added = 0;
        long mailingId;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            (mailingId, _) = await outbox.CreateMailingAsync(conn, tx, roundtableId, "reminder", $"Reminder, {days} day{(days == 1 ? "" : "s")} before",
                $"reminder:{roundtableId}:{days}", null, nowUtc, ct);
            foreach (var i in waiting)
            {
                if (string.IsNullOrWhiteSpace(i.Email))
                {
                    await outbox.SkipAsync(conn, tx, mailingId, InvitationComposer.Key(i), InvitationComposer.DisplayName(i), InvitationComposer.NoEmail, ct);
                    continue;
                }
                RenderedEmail rendered;
                try
                {
                    rendered = template.Render(composer.Model(rt, i, daysBefore: daysLeft));
                }
                catch (Exception e) when (TemplateRenderer.IsRenderFailure(e))
                {
                    await outbox.SkipAsync(conn, tx, mailingId, InvitationComposer.Key(i), InvitationComposer.DisplayName(i), "The reminder template does not render: " + e.Message, ct);
                    continue;
                }
                added += await outbox.AddAsync(conn, tx, mailingId, composer.Message(i, "reminder", rendered), nowUtc, ct);
            }
            await tx.CommitAsync(ct);
        }
        if (added > 0)
        {
            jobs.StartDelivery(mailingId, mail);
        }
        return mailingId;
    }
}
