namespace Roundtable.Web.Features.MailOut;

/// <summary>One mail-out: what the organizer chose, and how far the job has got (its resume points).</summary>
public sealed class MailOutRun
{
    public long Id { get; init; }
    public long RoundtableId { get; init; }
    public string Status { get; init; } = "";
    public long? ChosenEditionId { get; init; }
    public string? OverrideReason { get; init; }
    public long? FollowUpRoundtableId { get; init; }
    public DateTime? RunAt { get; init; }
    public long? EditionId { get; init; }
    public DateTime? PublishedAt { get; init; }
    public long? ReportMailingId { get; init; }
    public long ReportCursor { get; init; }
    public DateTime? ReportQueuedAt { get; init; }
    public long? InvitationMailingId { get; init; }
    public DateTime? InvitationsDoneAt { get; init; }
    public string? Problem { get; init; }
    public int Attempts { get; init; }
    public DateTime? LeaseUntil { get; init; }
    public long CreatedByUserId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }

    public bool Editable => Status is "draft" or "scheduled";

    public bool Active => Status is "running" or "scheduled";

    /// <summary>The step the job is at (or stopped at).</summary>
    public string Step => EditionId is null ? "edition" : PublishedAt is null ? "publish" : ReportQueuedAt is null ? "report" : InvitationsDoneAt is null ? "invitations" : "done";

    public const string Columns = """
        id, roundtable_id, status, chosen_edition_id, override_reason, follow_up_roundtable_id, run_at, edition_id, published_at,
        report_mailing_id, report_cursor, report_queued_at, invitation_mailing_id, invitations_done_at, problem, attempts, lease_until,
        created_by_user_id, created_at, updated_at, started_at, finished_at
        """;
}

/// <summary>A line of a run's log.</summary>
public sealed class MailOutStep
{
    public string Step { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string Detail { get; init; } = "";
    public DateTime CreatedAt { get; init; }
}

public sealed class GetMailOutRun(Db db)
{
    private const string OneSql = "SELECT " + MailOutRun.Columns + " FROM followup_runs WHERE id = @runId";

    private const string LatestSql = "SELECT " + MailOutRun.Columns + " FROM followup_runs WHERE roundtable_id = @roundtableId AND status <> 'cancelled' ORDER BY id DESC LIMIT 1";

    private const string ListSql = "SELECT " + MailOutRun.Columns + " FROM followup_runs WHERE roundtable_id = @roundtableId ORDER BY id DESC LIMIT 50";

    private const string StepsSql = "SELECT step, outcome, detail, created_at FROM followup_steps WHERE run_id = @runId ORDER BY id";

    public async Task<MailOutRun?> HandleAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<MailOutRun>(new CommandDefinition(OneSql, new { runId }, cancellationToken: ct));
    }

    /// <summary>The roundtable's newest run that was not cancelled.</summary>
    public async Task<MailOutRun?> LatestAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<MailOutRun>(new CommandDefinition(LatestSql, new { roundtableId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<MailOutRun>> ListAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<MailOutRun>(new CommandDefinition(ListSql, new { roundtableId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<MailOutStep>> StepsAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<MailOutStep>(new CommandDefinition(StepsSql, new { runId }, cancellationToken: ct))).AsList();
    }
}
