using Roundtable.Web.Features.Mailings;

namespace Roundtable.Web.Features.MailOut;

/// <summary>A run as its page and the live JSON show it: the steps, and each mailing's counts and failures.</summary>
public sealed class RunProgress
{
    public sealed class Failure
    {
        public string Reason { get; init; } = "";
        public long Count { get; init; }
    }

    public sealed class Mailing
    {
        public long RoundtableId { get; init; }
        public string Label { get; init; } = "";
        public MailingProgress Progress { get; init; } = new();
        public IReadOnlyList<Failure> Failures { get; init; } = [];
    }

    public MailOutRun Run { get; init; } = new();
    public IReadOnlyList<MailOutStep> Steps { get; init; } = [];
    public int? EditionNumber { get; init; }
    public string? FollowUpTitle { get; init; }
    public Mailing? Report { get; init; }
    public Mailing? Invitations { get; init; }

    /// <summary>
    /// Both mailings are finished: the report's, and the invitations' when the run sends any (a run that is done with
    /// no invitation mailing had nobody to invite).
    /// </summary>
    public bool MailingsFinished => (Report?.Progress.Finished ?? false)
        && (Invitations?.Progress.Finished ?? (Run.InvitationsDoneAt is not null || Run.FollowUpRoundtableId is null));

    /// <summary>
    /// What the page and the live JSON call the run: "done" only once the job is done <em>and</em> both its mailings are
    /// finished; until then a run whose job is done is "sending".
    /// </summary>
    public string State => Run.Status == "done" && !MailingsFinished ? "sending" : Run.Status;

    /// <summary>One line saying where the mail-out is, for the page head and the live JSON.</summary>
    public string Headline => Run.Status switch
    {
        "draft" => "Draft: not started.",
        "scheduled" => $"Scheduled for {Run.RunAt:d MMM yyyy HH:mm} UTC.",
        "cancelled" => "Cancelled.",
        "stopped" => "Stopped: it needs you (see below).",
        "running" => Run.Step switch
        {
            "edition" => "Checking the chosen edition for names that may not appear…",
            "publish" => "Publishing the edition…",
            "report" => "Queuing the report mailing…",
            _ => "Queuing the invitations…",
        },
        _ when !MailingsFinished => "Mailings queued: sending…",
        _ when (Report?.Progress.Failed ?? 0) + (Invitations?.Progress.Failed ?? 0) > 0 => "Finished with failures: see the reasons below.",
        _ => "Complete: every mailing is finished.",
    };
}

/// <summary>
/// A run's progress read in one snapshot: the run, its log, and both mailings' counts (one statement for the two), so
/// the steps, the headline and the counts on the page and in the live JSON always describe the same moment.
/// </summary>
public sealed class GetRunProgress(Db db, TimeProvider clock)
{
    private const string RunSql = "SELECT " + MailOutRun.Columns + " FROM followup_runs WHERE id = @runId AND roundtable_id = @roundtableId";

    private const string StepsSql = "SELECT step, outcome, detail, created_at FROM followup_steps WHERE run_id = @runId ORDER BY id";

    private const string MailingsSql = ListMailings.Select + """
         WHERE m.id = @reportId OR m.id = @invitationsId
        GROUP BY m.id, m.roundtable_id, m.kind, m.title, m.created_at
        """;

    private const string FailuresSql = """
        SELECT mailing_id, COALESCE(last_smtp_text, '') AS reason, COUNT(*) AS count FROM outbox
        WHERE (mailing_id = @reportId OR mailing_id = @invitationsId) AND status IN ('failed', 'retrying')
        GROUP BY mailing_id, last_smtp_text ORDER BY COUNT(*) DESC
        """;

    private const string EditionSql = "SELECT number FROM report_editions WHERE id = @editionId";
    private const string TitleSql = "SELECT title FROM roundtables WHERE id = @id";

    private sealed class FailureRow
    {
        public long MailingId { get; init; }
        public string Reason { get; init; } = "";
        public long Count { get; init; }
    }

    public async Task<RunProgress?> HandleAsync(long roundtableId, long runId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await ReadSnapshot.BeginAsync(db, conn, ct);
        var run = await conn.QuerySingleOrDefaultAsync<MailOutRun>(new CommandDefinition(RunSql, new { runId, roundtableId }, tx, cancellationToken: ct));
        if (run is null)
        {
            return null;
        }
        var ids = new { reportId = run.ReportMailingId ?? 0, invitationsId = run.InvitationMailingId ?? 0, recent = now.AddSeconds(-10) };
        var counts = (await conn.QueryAsync<MailingProgress>(new CommandDefinition(MailingsSql, ids, tx, cancellationToken: ct))).ToDictionary(m => m.Id);
        var failures = (await conn.QueryAsync<FailureRow>(new CommandDefinition(FailuresSql, ids, tx, cancellationToken: ct))).ToLookup(f => f.MailingId);
        var steps = (await conn.QueryAsync<MailOutStep>(new CommandDefinition(StepsSql, new { runId }, tx, cancellationToken: ct))).AsList();
        var edition = run.EditionId ?? run.ChosenEditionId;
        var editionNumber = edition is { } e ? await conn.ExecuteScalarAsync<int?>(new CommandDefinition(EditionSql, new { editionId = e }, tx, cancellationToken: ct)) : null;
        var title = run.FollowUpRoundtableId is { } f ? await conn.ExecuteScalarAsync<string?>(new CommandDefinition(TitleSql, new { id = f }, tx, cancellationToken: ct)) : null;
        await tx.CommitAsync(ct);

        RunProgress.Mailing? Mailing(long? mailingId, string label) => mailingId is { } id && counts.TryGetValue(id, out var p)
            ? new RunProgress.Mailing
            {
                RoundtableId = p.RoundtableId ?? roundtableId, Label = label, Progress = p,
                Failures = failures[id].Take(5).Select(x => new RunProgress.Failure { Reason = x.Reason, Count = x.Count }).ToList(),
            }
            : null;
        return new RunProgress
        {
            Run = run,
            Steps = steps,
            EditionNumber = editionNumber,
            FollowUpTitle = title,
            Report = Mailing(run.ReportMailingId, "Report"),
            Invitations = Mailing(run.InvitationMailingId, "Invitations to the follow-up"),
        };
    }
}
