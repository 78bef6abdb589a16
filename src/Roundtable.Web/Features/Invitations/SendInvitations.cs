using Hangfire;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <param name="Repeated">The same send was asked for before (the same dedup key): nothing new was queued.</param>
public sealed record InvitationsSent(long MailingId, int Queued, IReadOnlyList<string> Skipped, bool Repeated = false);

/// <summary>
/// Puts one invitation per chosen participant in the outbox (the mailing appears whole or not at all), marks
/// them invited, and starts the delivery job. Participants without an email are skipped with the reason.
/// </summary>
public sealed class SendInvitations(
    Db db, GetRoundtable getRoundtable, ListInvitees invitees, EmailTemplateStore templates, InvitationComposer composer,
    Outbox outbox, IBackgroundJobClient jobs, MailSettings mail, TimeProvider clock)
{
    // An answer already given stays; the calendar they now hold is remembered either way.
    private const string MarkInvitedSql = """
        UPDATE participations SET invitation_status = CASE WHEN invitation_status = 'not_invited' THEN 'invited' ELSE invitation_status END,
            calendar_sequence = @sequence
        WHERE id = @id
        """;

    private const string MarkRoundtableSql = """
        UPDATE roundtables SET status = 'invitations_out', updated_at = @now WHERE id = @id AND status = 'planning'
        """;

    /// <param name="dedupKey">
    /// With a key, a second call (a rerun of the job that sends them, a form sent twice) finds the first mailing and adds nobody.
    /// </param>
    public async Task<Result<InvitationsSent>> HandleAsync(long roundtableId, IReadOnlyCollection<long> participationIds, bool update, long? userId,
        CancellationToken ct, string? dedupKey = null)
    {
        var rt = await getRoundtable.HandleAsync(roundtableId, ct);
        if (rt is null)
        {
            return Result<InvitationsSent>.Fail("", "The roundtable does not exist.");
        }
        if (RsvpTokens.ExpiryOf(rt) <= clock.GetUtcNow())
        {
            return Result<InvitationsSent>.Fail("", "This roundtable has already taken place: an invitation could no longer be answered.");
        }
        var chosen = (await invitees.HandleAsync(roundtableId, ct)).Where(i => participationIds.Contains(i.ParticipationId)).ToList();
        if (chosen.Count == 0)
        {
            return Result<InvitationsSent>.Fail("", "Choose at least one participant to invite.");
        }
        var template = await templates.CompileAsync(roundtableId, "invitation", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var skipped = new List<string>();
        var queued = 0;
        long mailingId;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            // The calendar SEQUENCE is read, raised and stored: two sends at once must take turns.
            await RowLocks.RoundtableAsync(conn, tx, roundtableId, ct);
            var (sequence, raised) = await CalendarSequence.NextAsync(conn, tx, rt, now, ct);
            (mailingId, var created) = await outbox.CreateMailingAsync(conn, tx, roundtableId, update ? "invitation_update" : "invitation",
                update ? "Updated invitation" : "Invitation", dedupKey, userId, now, ct);
            if (!created)
            {
                return Result<InvitationsSent>.Success(new InvitationsSent(mailingId, 0, [], Repeated: true));
            }
            if (update)
            {
                // An update goes to those whose calendar is behind (CalendarSequence.Behind); whoever
                // was invited since the change has it already. Read again under the lock: an update sent meanwhile
                // from another page has brought some up to date.
                chosen = (await invitees.HandleAsync(roundtableId, ct))
                    .Where(i => participationIds.Contains(i.ParticipationId) && CalendarSequence.Behind(i, sequence, raised))
                    .ToList();
                if (chosen.Count == 0)
                {
                    return Result<InvitationsSent>.Fail("", "Every invitee's calendar already has the current date, time and venue.");
                }
            }
            var calendar = composer.CalendarTemplate(rt, sequence, now);
            foreach (var i in chosen)
            {
                if (string.IsNullOrWhiteSpace(i.Email))
                {
                    skipped.Add(InvitationComposer.DisplayName(i));
                    await outbox.SkipAsync(conn, tx, mailingId, InvitationComposer.Key(i), InvitationComposer.DisplayName(i), InvitationComposer.NoEmail, ct);
                    continue;
                }
                OutboxMessage message;
                try
                {
                    message = composer.Invitation(rt, template, calendar, i, update);
                }
                catch (Exception e) when (TemplateRenderer.IsRenderFailure(e))
                {
                    // Nothing is queued (the transaction is not committed), so the organizer can mend it and send again.
                    return Result<InvitationsSent>.Fail("", $"The invitation template does not render for {InvitationComposer.DisplayName(i)}: {e.Message} Nothing was sent.");
                }
                queued += await outbox.AddAsync(conn, tx, mailingId, message, now, ct);
                await conn.ExecuteAsync(new CommandDefinition(MarkInvitedSql, new { id = i.ParticipationId, sequence }, tx, cancellationToken: ct));
            }
            await conn.ExecuteAsync(new CommandDefinition(MarkRoundtableSql, new { id = roundtableId, now }, tx, cancellationToken: ct));
            await Audit.AuditLog.RecordAsync(conn, tx, now, userId, userId is null ? "a script" : null, Audit.AuditActions.InvitationsSent, roundtableId,
                $"{(update ? "Updated invitations" : "Invitations")}: {queued} queued, {skipped.Count} without an address (mailing {mailingId}).", ct);
            await tx.CommitAsync(ct);
        }
        jobs.StartDelivery(mailingId, mail);
        return Result<InvitationsSent>.Success(new InvitationsSent(mailingId, queued, skipped));
    }
}
