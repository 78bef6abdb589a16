using Hangfire;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// The mail-out after a roundtable, step by step: (a) the edition the organizer chose and confirmed (never one
/// assembled by the job, and never a newer one assembled meanwhile), refused if names leak; (b) published; (c) the report mailing; (d) the invitations to the follow-up roundtable, if there is one.
/// Each step is written down when done (followup_runs) and logged (followup_steps); run again at any point, the job
/// skips what is done and carries on, so nothing is repeated. Delivery itself is the outbox's job.
/// </summary>
public sealed class MailOutJob(
    Db db, RunLedger ledger, ReportRecipients recipients, ListEditions editions, PublishEdition publish,
    ReportMailing reportMailing, SendInvitations sendInvitations, GetRoundtable getRoundtable, TimeProvider clock, ILogger<MailOutJob> log)
{
    /// <summary>A run that keeps failing is stopped for the organizer after this many starts.</summary>
    public const int MaxAttempts = 10;

    public static string InvitationKey(long runId) => $"invitation:followup:{runId}";

    private const string SetEditionSql = "UPDATE followup_runs SET edition_id = @editionId, updated_at = @now WHERE id = @runId AND lease_token = @token";
    private const string SetPublishedSql = "UPDATE followup_runs SET published_at = @now, updated_at = @now WHERE id = @runId AND lease_token = @token";
    private const string SetInvitationsSql = """
        UPDATE followup_runs SET invitation_mailing_id = @mailingId, invitations_done_at = @now, updated_at = @now WHERE id = @runId AND lease_token = @token
        """;
    private const string MailingByKeySql = "SELECT id FROM mailings WHERE dedup_key = @key";
    private const string NotInvitedSql = "SELECT id FROM participations WHERE roundtable_id = @roundtableId AND invitation_status = 'not_invited' ORDER BY id";

    // Retries are the app's own (ResumeMailOutsJob, counted in followup_runs.attempts), not Hangfire's.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long runId, CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N");
        var run = await ledger.AcquireAsync(runId, token, ct);
        if (run is null)
        {
            return;
        }
        try
        {
            if (run.Attempts > MaxAttempts)
            {
                await ledger.StopAsync(runId, token, run.Step, $"Stopped after {MaxAttempts} attempts; the log below says what went wrong. Try again once it is fixed.", ct);
                return;
            }
            if (await StepsAsync(run, token, ct) is { } problem)
            {
                await ledger.StopAsync(runId, token, problem.Step, problem.Message, ct);
            }
        }
        catch (LeaseLostException)
        {
            log.LogWarning("Mail-out {RunId}: another job took it over.", runId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Mail-out {RunId} failed; it is tried again within a few minutes.", runId);
            await ledger.LogAsync(runId, run.Step, "failed", $"{e.GetType().Name}: {e.Message} (tried again automatically)", CancellationToken.None);
            throw;
        }
        finally
        {
            await ledger.ReleaseAsync(runId, token);
        }
    }

    private sealed record Problem(string Step, string Message);

    private async Task<Problem?> StepsAsync(MailOutRun run, string token, CancellationToken ct)
    {
        var rt = await getRoundtable.HandleAsync(run.RoundtableId, ct) ?? throw new InvalidOperationException($"Roundtable {run.RoundtableId} is gone.");
        if (run.ReportMailingId is null)
        {
            var (chosen, withEmail) = await recipients.CountAsync(run.RoundtableId, run.Id, ct);
            if (chosen == 0)
            {
                return new("recipients", "No recipients: nobody is chosen to receive the report. Choose recipients on the mail-out page.");
            }
            if (withEmail == 0)
            {
                return new("recipients", $"None of the {chosen} chosen recipients has an email address, so nobody could receive the report. Add addresses on their people pages.");
            }
        }
        var editionId = run.EditionId;
        if (editionId is null)
        {
            var (refused, chosen) = await EditionAsync(run, token, ct);
            if (refused is not null)
            {
                return refused;
            }
            editionId = chosen;
        }
        var edition = (await editions.HandleAsync(run.RoundtableId, ct)).Single(e => e.Id == editionId);
        if (run.PublishedAt is null && edition.IsPublished && edition.PublishAt <= clock.GetUtcNow().UtcDateTime)
        {
            await ledger.CompleteAsync(run.Id, token, "publish", SetPublishedSql, new { }, $"Edition {edition.Number} was already the published edition.");
        }
        else if (run.PublishedAt is null)
        {
            await ledger.RenewAsync(run.Id, token, ct);
            var published = await publish.HandleAsync(run.RoundtableId, edition.Number, null, run.OverrideReason ?? edition.OverrideReason, run.CreatedByUserId, ct);
            if (!published.Ok)
            {
                return new("publish", published.Errors[0].Message + (published.Errors[0].Field == "overrideReason" ? " Give it on this page and continue." : ""));
            }
            await ledger.CompleteAsync(run.Id, token, "publish", SetPublishedSql, new { }, $"Edition {edition.Number} published" +
                (string.IsNullOrEmpty(run.OverrideReason) || edition.WarningList.Count == 0 ? "." : $" despite {edition.WarningList.Count} warnings: {run.OverrideReason}"));
        }
        var followUp = run.FollowUpRoundtableId is { } fid ? await getRoundtable.HandleAsync(fid, ct) : null;
        if (run.ReportQueuedAt is null)
        {
            await ledger.RenewAsync(run.Id, token, ct);
            if (await reportMailing.HandleAsync(run, edition.Id, token, rt, followUp, ct) is { } problem)
            {
                return new("report", problem);
            }
        }
        if (run.InvitationsDoneAt is null && await InvitationsAsync(run, token, followUp, ct) is { } refusal)
        {
            return refusal;
        }
        await ledger.FinishAsync(run.Id, token, ct);
        return null;
    }

    /// <summary>Step (a): the edition chosen and confirmed on the run, refused when a name that may not appear is in it.</summary>
    private async Task<(Problem?, long)> EditionAsync(MailOutRun run, string token, CancellationToken ct)
    {
        if (run.ChosenEditionId is not { } editionId)
        {
            // Runs planned before a mail-out had to name its edition meant "assemble one when the job starts": an edition
            // nobody would have read. They stop here instead, before anything is published or mailed.
            return (new("edition", "This mail-out names no edition (it was planned to assemble one when it starts, which is no longer done: " +
                "only an edition someone could read is mailed). Nothing was published or mailed. Discard it and plan the mail-out again " +
                "with the edition you have read."), 0);
        }
        var edition = (await editions.HandleAsync(run.RoundtableId, ct)).SingleOrDefault(e => e.Id == editionId);
        if (edition is null)
        {
            return (new("edition", "The chosen edition no longer exists. Choose another one."), 0);
        }
        if (edition.LeakList.Count > 0)
        {
            var places = string.Join("; ", edition.LeakList.Take(5).Select(l => $"{l.Place}: “{l.Context}” ({l.Person})"));
            return (new("edition", $"The leak check failed: edition {edition.Number} names people who may not be named in {edition.LeakList.Count} " +
                $"place{(edition.LeakList.Count == 1 ? "" : "s")} — {places}. Fix the texts (or record why a hit is not a leak in the proceedings review), then try again: " +
                "nothing was published or mailed."), 0);
        }
        await ledger.CompleteAsync(run.Id, token, "edition", SetEditionSql, new { editionId }, $"Edition {edition.Number} chosen; the leak check is clear.");
        return (null, editionId);
    }

    /// <summary>Step (d): invitations to the follow-up for everyone on it not invited yet, through the invitations' own use case.</summary>
    private async Task<Problem?> InvitationsAsync(MailOutRun run, string token, GetRoundtable.Row? followUp, CancellationToken ct)
    {
        if (followUp is null)
        {
            await ledger.CompleteAsync(run.Id, token, "invitations", SetInvitationsSql, new { mailingId = (long?)null },
                run.FollowUpRoundtableId is null ? "No follow-up roundtable: no invitations to send." : "The follow-up roundtable was deleted: no invitations sent.");
            return null;
        }
        long? mailingId;
        List<long> invitees;
        await using (var conn = await db.OpenAsync(ct))
        {
            mailingId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(MailingByKeySql, new { key = InvitationKey(run.Id) }, cancellationToken: ct));
            invitees = (await conn.QueryAsync<long>(new CommandDefinition(NotInvitedSql, new { roundtableId = followUp.Id }, cancellationToken: ct))).AsList();
        }
        var detail = "";
        if (mailingId is null && invitees.Count > 0)
        {
            var sent = await sendInvitations.HandleAsync(followUp.Id, invitees, update: false, run.CreatedByUserId, ct, InvitationKey(run.Id));
            if (!sent.Ok)
            {
                return new("invitations", $"The invitations to “{followUp.Title}” were not sent: {sent.Errors[0].Message} The report mailing goes on; fix this, then try again.");
            }
            mailingId = sent.Value!.MailingId;
            detail = $"Invitations to “{followUp.Title}” queued: {sent.Value.Queued}" + (sent.Value.Skipped.Count > 0 ? $", {sent.Value.Skipped.Count} skipped (no email address)." : ".");
        }
        await ledger.CompleteAsync(run.Id, token, "invitations", SetInvitationsSql, new { mailingId },
            mailingId is null ? $"Everyone on “{followUp.Title}” was already invited: no invitations to send." : detail.Length > 0 ? detail : "Invitations were already queued.");
        return null;
    }
}
