using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Proceedings;

public sealed class LeakOverrideForm
{
    /// <summary>Null for the summary.</summary>
    public long? StatementId { get; set; }

    public string Term { get; set; } = "";

    public string Reason { get; set; } = "";
}

/// <summary>
/// Records that a leak-check hit is not a leak ("Bill" is the legislation, not William Tate), with the reason and
/// who decided. It holds for the text as it is now; the log is never rewritten.
/// </summary>
public sealed class OverrideLeak(Db db, CheckLeaks leaks, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO leak_overrides (presentation_id, place, statement_id, term, text_hash, reason, user_id, created_at)
        VALUES (@presentationId, @place, @statementId, @term, @textHash, @reason, @userId, @now)
        """;

    public async Task<WriteResult<bool>> HandleAsync(long roundtableId, long presentationId, LeakOverrideForm form, long userId, CancellationToken ct)
    {
        var reason = (form.Reason ?? "").Trim();
        if (reason.Length < 5)
        {
            return WriteResult<bool>.Invalid(nameof(form.Reason), "Give a reason (at least a few words) why this is not a leak.");
        }
        if (reason.Length > 1000)
        {
            return WriteResult<bool>.Invalid(nameof(form.Reason), "Keep the reason under 1,000 characters.");
        }
        var findings = await leaks.HandleAsync(roundtableId, presentationId, ct);
        var finding = findings.FirstOrDefault(f => f.StatementId == form.StatementId && string.Equals(f.Hit.Term, form.Term, StringComparison.OrdinalIgnoreCase));
        if (finding is null)
        {
            return WriteResult<bool>.Invalid(nameof(form.Term), "That name is no longer found there; the text may have been fixed meanwhile.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ProceedingsStore.LockAndCheckApprovedAsync(conn, tx, presentationId, now, ct))
        {
            return WriteResult<bool>.Locked();
        }
        await conn.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            presentationId, place = finding.PlaceKind, statementId = form.StatementId, term = finding.Hit.Term, textHash = finding.TextHash, reason, userId, now,
        }, tx, cancellationToken: ct));
        await ProceedingsStore.EventAsync(conn, tx, presentationId, "leak-override",
            $"“{finding.Hit.Term}” ({finding.Hit.Person.FullName}) in {finding.Hit.Passage.Place} is not a leak: {reason}", userId, now, ct);
        await Audit.AuditLog.RecordAsync(conn, tx, now, userId, null, Audit.AuditActions.LeakOverridden, roundtableId,
            $"“{finding.Hit.Term}” in {finding.Hit.Passage.Place}: {reason}", ct);
        await tx.CommitAsync(ct);
        return WriteResult<bool>.Saved(true);
    }
}
