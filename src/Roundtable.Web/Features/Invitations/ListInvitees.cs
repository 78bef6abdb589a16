using Roundtable.Web.Features.Participants;

namespace Roundtable.Web.Features.Invitations;

public sealed class Invitee
{
    public long ParticipationId { get; init; }
    public long RoundtableId { get; init; }
    public long PersonId { get; init; }
    public string Honorific { get; init; } = "";
    public string FullName { get; init; } = "";
    public string NameInPrint { get; init; } = "";
    public string Surname { get; init; } = "";
    public string? Email { get; init; }
    public string InvitationStatus { get; init; } = "";

    /// <summary>
    /// Their invitation mail's outbox status: "sent" if any reached the server, else the latest one's ("failed",
    /// "cancelled", still "queued"...); null when none was mailed (e.g. marked invited by hand).
    /// </summary>
    public string? InvitationMail { get; init; }

    /// <summary>Marked invited, but every invitation mailed to them failed or was cancelled: they never received one.</summary>
    public bool InvitationLost => InvitationMail is "failed" or "cancelled";

    /// <summary>The calendar SEQUENCE last mailed to them; null if none was.</summary>
    public int? CalendarSequence { get; init; }
    public string? Answer { get; init; }
    public string? Comment { get; init; }
    public DateTime? AnsweredAt { get; init; }

    /// <summary>"rsvp page" or "calendar reply" (<see cref="RsvpSource"/>); null without an answer.</summary>
    public string? AnswerSource { get; init; }

    /// <summary>Set when a message to their address bounced for good: nothing more is mailed there until it changes.</summary>
    public string? EmailBounceReason { get; init; }

    /// <summary>When they declined report mail (invitations still go to them).</summary>
    public DateTime? ReportMailDeclinedAt { get; init; }
    public string RoleList { get; set; } = "";

    public IReadOnlyList<string> Roles => RolesOfParticipations.InOrder(RoleList.Split(',', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>A roundtable's participants as invitees: address, invitation status, and their own answer and comment.</summary>
public sealed class ListInvitees(Db db)
{
    private const string Select = """
        SELECT pa.id AS participation_id, pa.roundtable_id, pa.person_id, p.honorific, p.full_name, p.name_in_print, p.surname, p.email,
               pa.invitation_status, pa.calendar_sequence, r.answer, r.comment, r.answered_at, r.source AS answer_source, p.email_bounce_reason, p.report_mail_declined_at,
               COALESCE(
                   (SELECT o.status FROM outbox o JOIN mailings m ON m.id = o.mailing_id
                    WHERE o.participation_id = pa.id AND m.kind IN ('invitation', 'invitation_update') AND o.status = 'sent' LIMIT 1),
                   (SELECT o.status FROM outbox o JOIN mailings m ON m.id = o.mailing_id
                    WHERE o.participation_id = pa.id AND m.kind IN ('invitation', 'invitation_update') ORDER BY o.id DESC LIMIT 1)) AS invitation_mail
        FROM participations pa JOIN people p ON p.id = pa.person_id
        LEFT JOIN rsvp_responses r ON r.participation_id = pa.id
        """;

    private const string ListSql = Select + " WHERE pa.roundtable_id = @roundtableId ORDER BY p.sort_name, pa.id";

    private const string OneSql = Select + " WHERE pa.id = @participationId";

    public async Task<IReadOnlyList<Invitee>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Invitee>(new CommandDefinition(ListSql, new { roundtableId }, cancellationToken: ct))).AsList();
        var roles = await RolesOfParticipations.OfRoundtableAsync(conn, roundtableId, ct);
        foreach (var row in rows)
        {
            row.RoleList = string.Join(',', roles[row.ParticipationId]);
        }
        return rows;
    }

    public async Task<Invitee?> OneAsync(long participationId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Invitee>(new CommandDefinition(OneSql, new { participationId }, cancellationToken: ct));
    }
}
