using Dapper;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.FollowUp;

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

    public FollowUpRun Run { get; init; } = new();
    public IReadOnlyList<FollowUpStep> Steps { get; init; } = [];
    public int? EditionNumber { get; init; }
    public string? FollowUpTitle { get; init; }
    public Mailing? Report { get; init; }
    public Mailing? Invitations { get; init; }

    public bool MailingsFinished => (Report?.Progress.Finished ?? false) && (Invitations?.Progress.Finished ?? true);

    /// <summary>One line saying where the mail-out is, for the page head and the live JSON.</summary>
    public string Headline => Run.Status switch
    {
        "draft" => "Draft: not started.",
        "scheduled" => $"Scheduled for {Run.RunAt:d MMM yyyy HH:mm} UTC.",
        "cancelled" => "Cancelled.",
        "stopped" => "Stopped: it needs you (see below).",
        "running" => Run.Step switch
        {
            "edition" => "Assembling the edition and checking it for names that may not appear…",
            "publish" => "Publishing the edition…",
            "report" => "Queuing the report mailing…",
            _ => "Queuing the invitations…",
        },
        _ when !MailingsFinished => "Mailings queued: sending…",
        _ when (Report?.Progress.Failed ?? 0) + (Invitations?.Progress.Failed ?? 0) > 0 => "Finished with failures: see the reasons below.",
        _ => "Complete: every mailing is finished.",
    };
}

public sealed class GetRunProgress(Db db, GetFollowUpRun runs, ListMailings mailings, TimeProvider clock)
{
    private const string FailuresSql = """
        SELECT COALESCE(last_smtp_text, '') AS reason, COUNT(*) AS count FROM outbox
        WHERE mailing_id = @mailingId AND status IN ('failed', 'retrying')
        GROUP BY last_smtp_text ORDER BY COUNT(*) DESC LIMIT 5
        """;

    private const string EditionSql = "SELECT number FROM report_editions WHERE id = @editionId";
    private const string TitleSql = "SELECT title FROM roundtables WHERE id = @id";

    public async Task<RunProgress?> HandleAsync(long roundtableId, long runId, CancellationToken ct)
    {
        var run = await runs.HandleAsync(runId, ct);
        if (run is null || run.RoundtableId != roundtableId)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        async Task<RunProgress.Mailing?> MailingAsync(long? mailingId, string label)
        {
            if (mailingId is null || await mailings.OneAsync(mailingId.Value, now, ct) is not { } p)
            {
                return null;
            }
            var failures = (await conn.QueryAsync<RunProgress.Failure>(new CommandDefinition(FailuresSql, new { mailingId }, cancellationToken: ct))).AsList();
            return new RunProgress.Mailing { RoundtableId = p.RoundtableId ?? roundtableId, Label = label, Progress = p, Failures = failures };
        }
        return new RunProgress
        {
            Run = run,
            Steps = await runs.StepsAsync(runId, ct),
            EditionNumber = run.EditionId is { } e ? await conn.ExecuteScalarAsync<int?>(new CommandDefinition(EditionSql, new { editionId = e }, cancellationToken: ct)) : null,
            FollowUpTitle = run.FollowUpRoundtableId is { } f ? await conn.ExecuteScalarAsync<string?>(new CommandDefinition(TitleSql, new { id = f }, cancellationToken: ct)) : null,
            Report = await MailingAsync(run.ReportMailingId, "Report"),
            Invitations = await MailingAsync(run.InvitationMailingId, "Invitations to the follow-up"),
        };
    }
}
