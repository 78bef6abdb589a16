using Hangfire;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// Saves the mail-out form as a run: a draft to come back to, a run started now, or one scheduled for a
/// date. A run that starts or is scheduled names one edition already assembled, confirmed by its number, and mails
/// exactly that edition whatever is assembled later. What would surely stop the job (an edition that does not exist or
/// leaks, no recipients, a follow-up in the past, warnings without a reason) is refused here already; the job checks
/// again when it runs.
/// </summary>
public sealed class PlanMailOut(Db db, MailOutPreflight preflight, GetRoundtable getRoundtable, IBackgroundJobClient jobs, TimeProvider clock)
{
    private const string ActiveSql = """
        SELECT id FROM followup_runs WHERE roundtable_id = @roundtableId AND status IN ('running', 'scheduled') AND id <> @runId LIMIT 1
        """;

    private const string InsertSql = """
        INSERT INTO followup_runs (roundtable_id, status, chosen_edition_id, override_reason, follow_up_roundtable_id, run_at, created_by_user_id, created_at, updated_at)
        VALUES (@roundtableId, @status, @editionId, @reason, @followUpId, @runAt, @userId, @now, @now)
        RETURNING id
        """;

    private const string UpdateSql = """
        UPDATE followup_runs SET status = @status, chosen_edition_id = @editionId, override_reason = @reason, follow_up_roundtable_id = @followUpId,
            run_at = @runAt, created_by_user_id = @userId, updated_at = @now
        WHERE id = @runId AND roundtable_id = @roundtableId AND status IN ('draft', 'scheduled')
        """;

    private const string ReadSql = "SELECT " + MailOutRun.Columns + " FROM followup_runs WHERE id = @runId";

    private const string ClearChoicesSql = "DELETE FROM followup_recipients WHERE run_id = @runId AND participation_id IN @ids";

    private const string ChoiceSql = """
        INSERT INTO followup_recipients (run_id, participation_id, included)
        SELECT @runId, id, @included FROM participations WHERE id = @participationId AND roundtable_id = @roundtableId
        """;

    public async Task<Result<MailOutRun>> HandleAsync(long roundtableId, MailOutForm form, long userId, CancellationToken ct)
    {
        var rt = await getRoundtable.HandleAsync(roundtableId, ct);
        if (rt is null || form.Action is not ("start" or "schedule" or "save"))
        {
            return Result<MailOutRun>.Fail("", "Nothing to do: choose “Start the mail-out”, “Schedule” or “Save as draft”.");
        }
        var check = await preflight.HandleAsync(roundtableId, ct);
        var errors = new List<FieldError>();
        var reason = string.IsNullOrWhiteSpace(form.OverrideReason) ? null : form.OverrideReason.Trim();
        var edition = form.Edition is { } number ? check.Editions.FirstOrDefault(e => e.Number == number) : null;
        if (form.Edition is { } missing && edition is null)
        {
            errors.Add(new(nameof(form.Edition), check.Newest is { } newest
                ? $"There is no edition {missing} of this report. Choose one of the assembled editions (the newest is edition {newest.Number})."
                : $"There is no edition {missing} of this report: no edition is assembled yet. Assemble one on the report page and read it first."));
        }
        var followUp = form.InviteFollowUp ? check.FollowUp : null;
        DateTime? runAt = null;
        if (form.Action != "save")
        {
            if (form.Edition is null)
            {
                errors.Add(new(nameof(form.Edition), check.Newest is null
                    ? "No edition of the report is assembled yet: assemble one on the report page and read it, then mail it."
                    : "Choose the edition to mail: only an edition already assembled, which you can open and read, is mailed."));
            }
            if (edition is { LeakList.Count: > 0 } leaking)
            {
                errors.Add(new(nameof(form.Edition), $"Edition {leaking.Number} names people who may not be named ({string.Join("; ", leaking.LeakList.Take(3).Select(l => $"{l.Person} in {l.Place}"))}"
                    + $"{(leaking.LeakList.Count > 3 ? $" and {leaking.LeakList.Count - 3} more" : "")}): it cannot be mailed. Fix the texts (or let a hit stand with a reason on the report page), assemble a new edition, read it and choose it."));
            }
            else if (edition is { HasPdf: false } noPdf)
            {
                errors.Add(new(nameof(form.Edition), $"Edition {noPdf.Number} has no PDF to attach. Assemble a new edition and choose it."));
            }
            if (edition is { } e && e.WarningList.Count > 0 && reason is null && !e.IsPublished)
            {
                errors.Add(new(nameof(form.OverrideReason), $"Edition {e.Number} has {e.WarningList.Count} warning{(e.WarningList.Count == 1 ? "" : "s")} (listed above). To publish it anyway, give the reason."));
            }
            if (followUp is not null && check.FollowUpPast)
            {
                errors.Add(new(nameof(form.InviteFollowUp), $"The follow-up “{followUp.Title}” is dated {followUp.DateText}, which has passed: nobody could answer its invitation. Change its date, or untick the invitations."));
            }
            if (edition is not null && form.ConfirmEdition != edition.Number)
            {
                errors.Add(new(nameof(form.ConfirmEdition), form.ConfirmEdition is { } other
                    ? $"You confirmed edition {other}, but edition {edition.Number} is chosen. Confirm the edition that goes out."
                    : $"Confirm the mail-out: tick “Mail edition {edition.Number} …” to say this is the edition that goes out."));
            }
        }
        if (form.Action == "schedule")
        {
            runAt = form.RunAt is { } local ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(rt.TimeZone)) : null;
            if (runAt is null || runAt <= clock.GetUtcNow().UtcDateTime)
            {
                errors.Add(new(nameof(form.RunAt), $"Give a date and time in the future (in {rt.TimeZone}) to schedule the mail-out."));
            }
        }
        if (errors.Count > 0)
        {
            return Result<MailOutRun>.Fail(errors);
        }

        var status = form.Action switch { "start" => "running", "schedule" => "scheduled", _ => "draft" };
        var now = clock.GetUtcNow().UtcDateTime;
        long runId;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var values = new { roundtableId, runId = form.RunId ?? 0, status, editionId = edition?.Id, reason, followUpId = followUp?.Id, runAt, userId, now };
            if (form.Action != "save" && await conn.ExecuteScalarAsync<long?>(new CommandDefinition(ActiveSql, values, tx, cancellationToken: ct)) is { } active)
            {
                return Result<MailOutRun>.Fail("", $"Another mail-out of this roundtable is running or scheduled (mail-out {active}); wait for it or cancel it first.");
            }
            runId = form.RunId is { } existing && await conn.ExecuteAsync(new CommandDefinition(UpdateSql, values, tx, cancellationToken: ct)) == 1
                ? existing
                : await conn.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, values, tx, cancellationToken: ct));
            var listed = form.Listed.Distinct().ToList();
            await conn.ExecuteAsync(new CommandDefinition(db.Sql(ClearChoicesSql), new { runId, ids = listed }, tx, cancellationToken: ct));
            var included = form.Include.ToHashSet();
            foreach (var participationId in listed)
            {
                await conn.ExecuteAsync(new CommandDefinition(ChoiceSql, new { runId, participationId, roundtableId, included = included.Contains(participationId) }, tx, cancellationToken: ct));
            }
            var (chosen, withEmail) = await ReportRecipients.CountAsync(conn, tx, roundtableId, runId, ct);
            if (form.Action != "save" && (chosen == 0 || withEmail == 0))
            {
                return Result<MailOutRun>.Fail("Include", chosen == 0
                    ? "No recipients: tick at least one person to receive the report."
                    : $"None of the {chosen} people ticked has an email address: nobody could receive the report.");
            }
            if (status is "running" or "scheduled")
            {
                await Audit.AuditLog.RecordAsync(conn, tx, clock.GetUtcNow().UtcDateTime, userId, null, Audit.AuditActions.MailOut, roundtableId,
                    $"Mail-out {runId}, {status}{(status == "scheduled" ? $" for {runAt:yyyy-MM-dd HH:mm} UTC" : "")}, edition {edition!.Number} to {withEmail} of {chosen} chosen recipients.", ct);
            }
            await tx.CommitAsync(ct);
        }
        if (status == "running")
        {
            jobs.Enqueue<MailOutJob>(j => j.RunAsync(runId, CancellationToken.None));
        }
        else if (status == "scheduled")
        {
            jobs.Schedule<MailOutJob>(j => j.RunAsync(runId, CancellationToken.None), new DateTimeOffset(runAt!.Value, TimeSpan.Zero));
        }
        await using var read = await db.OpenAsync(ct);
        return Result<MailOutRun>.Success(await read.QuerySingleAsync<MailOutRun>(new CommandDefinition(ReadSql, new { runId }, cancellationToken: ct)));
    }
}
