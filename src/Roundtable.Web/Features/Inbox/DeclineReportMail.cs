using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Inbox;

/// <summary>Records that a person declined report mail (from the signed link of <see cref="ReportMailDecline"/>).</summary>
public sealed class DeclineReportMail(Db db, TimeProvider clock)
{
    private const string DeclineSql = """
        UPDATE people SET report_mail_declined_at = @now WHERE id = @personId AND report_mail_declined_at IS NULL
        """;

    private const string PersonSql = "SELECT full_name, report_mail_declined_at FROM people WHERE id = @personId";

    public sealed class Person
    {
        public string FullName { get; init; } = "";
        public DateTime? ReportMailDeclinedAt { get; init; }
    }

    public async Task<Person?> FindAsync(long personId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Person>(new CommandDefinition(PersonSql, new { personId }, cancellationToken: ct));
    }

    /// <summary>Records the decline (once; a second click changes nothing) and audits it.</summary>
    public async Task HandleAsync(long personId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(DeclineSql, new { personId, now }, tx, cancellationToken: ct)) > 0)
        {
            await AuditLog.RecordAsync(conn, tx, now, null, "a report recipient", "report mail declined", null, $"Person {personId} declined further report mail.", ct);
        }
        await tx.CommitAsync(ct);
    }
}
