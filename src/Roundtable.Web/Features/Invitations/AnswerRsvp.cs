using Hangfire;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

public static class RsvpAnswers
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("accepted", "I will attend"),
        ("tentative", "Maybe"),
        ("declined", "I cannot attend"),
    ];

    public static bool IsKnown(string? value) => All.Any(a => a.Value == value);
}

/// <summary>
/// Where an answer came from: the RSVP page, or a calendar's Accept / Maybe / Decline read from the reply mailbox
/// (with the SEQUENCE it answered and a delegate, if any). <see cref="InSameTransaction"/> lets the caller record,
/// in the transaction that stores the answer, that it applied it (the inbox's ledger); false there leaves it unstored.
/// </summary>
public sealed record RsvpSource(string Name, int? CalendarSequence = null, string? DelegatedTo = null)
{
    public const string Page = "rsvp page";
    public const string CalendarReply = "calendar reply";

    public static readonly RsvpSource RsvpPage = new(Page);

    public Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<bool>>? InSameTransaction { get; init; }
}

/// <summary>
/// Records an invitee's answer and comment (the participation's invitation status follows it) and queues the
/// RSVP confirmation mail. Every change of answer is counted, so each one gets its own confirmation.
/// </summary>
public sealed class AnswerRsvp(
    Db db, GetRoundtable getRoundtable, ListInvitees invitees, EmailTemplateStore templates, InvitationComposer composer,
    Outbox outbox, IBackgroundJobClient jobs, TimeProvider clock, ILogger<AnswerRsvp> log)
{
    private const string UpsertSql = """
        INSERT INTO rsvp_responses (participation_id, answer, comment, changes, answered_at, source, calendar_sequence, delegated_to)
        VALUES (@id, @answer, @comment, 0, @now, @source, @sequence, @delegatedTo)
        ON CONFLICT (participation_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
            changes = rsvp_responses.changes + 1, answered_at = excluded.answered_at, source = excluded.source,
            calendar_sequence = excluded.calendar_sequence, delegated_to = excluded.delegated_to
        RETURNING changes
        """;

    private const string StatusSql = "UPDATE participations SET invitation_status = @answer WHERE id = @id";

    public Task<Result<Invitee>> HandleAsync(long participationId, string? answer, string? comment, CancellationToken ct) =>
        HandleAsync(participationId, answer, comment, RsvpSource.RsvpPage, ct);

    public async Task<Result<Invitee>> HandleAsync(long participationId, string? answer, string? comment, RsvpSource source, CancellationToken ct)
    {
        if (!RsvpAnswers.IsKnown(answer))
        {
            return Result<Invitee>.Fail("Answer", "Choose whether you will attend.");
        }
        comment = (comment ?? "").Trim();
        if (comment.Length > 2000)
        {
            return Result<Invitee>.Fail("Comment", "The comment can have at most 2,000 characters.");
        }
        var before = await invitees.OneAsync(participationId, ct);
        if (before is null)
        {
            return Result<Invitee>.Fail("", "This invitation no longer exists.");
        }
        var rt = (await getRoundtable.HandleAsync(before.RoundtableId, ct))!;
        var template = await templates.CompileAsync(rt.Id, "rsvp_confirmation", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var after = new Invitee
        {
            ParticipationId = before.ParticipationId, RoundtableId = before.RoundtableId, PersonId = before.PersonId, Honorific = before.Honorific,
            FullName = before.FullName, NameInPrint = before.NameInPrint, Surname = before.Surname, Email = before.Email,
            InvitationStatus = answer!, Answer = answer, Comment = comment, AnsweredAt = now, RoleList = before.RoleList,
        };
        RenderedEmail? confirmation = null;
        string? notRendered = null;
        if (!string.IsNullOrWhiteSpace(after.Email))
        {
            try
            {
                confirmation = template.Render(composer.Model(rt, after));
            }
            catch (Exception e) when (TemplateRenderer.IsRenderFailure(e))
            {
                // The answer counts even when the organizer's template cannot write its confirmation: the mailing page
                // shows the invitee skipped, with the reason.
                log.LogError(e, "Roundtable {RoundtableId}: the RSVP confirmation does not render for participation {ParticipationId}", rt.Id, participationId);
                notRendered = "The confirmation template does not render: " + e.Message;
            }
        }
        long? mailingId = null;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (source.InSameTransaction is { } record && !await record(conn, tx))
            {
                return Result<Invitee>.Fail("", "This answer was already recorded.");
            }
            var changes = await conn.ExecuteScalarAsync<int>(new CommandDefinition(UpsertSql, new
            {
                id = participationId, answer, comment, now, source = source.Name, sequence = source.CalendarSequence, delegatedTo = source.DelegatedTo,
            }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(StatusSql, new { id = participationId, answer }, tx, cancellationToken: ct));
            if (confirmation is not null || notRendered is not null)
            {
                // One confirmations mailing per roundtable; each answer is its own recipient row.
                (var id, _) = await outbox.CreateMailingAsync(conn, tx, rt.Id, "rsvp_confirmation", "RSVP confirmations", $"rsvp_confirmation:{rt.Id}", null, now, ct);
                var key = $"rsvp:{participationId}:{changes}";
                if (confirmation is not null)
                {
                    await outbox.AddAsync(conn, tx, id, composer.Message(after, "rsvp_confirmation", confirmation, key: key), now, ct);
                    mailingId = id;
                }
                else
                {
                    await outbox.SkipAsync(conn, tx, id, key, InvitationComposer.DisplayName(after), notRendered!, ct);
                }
            }
            await tx.CommitAsync(ct);
        }
        if (mailingId is { } m)
        {
            jobs.Enqueue<DeliverMailingJob>(j => j.RunAsync(m, CancellationToken.None));
        }
        return Result<Invitee>.Success(after);
    }
}
