namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Marks one edition as the published one, now or at a later time (embargo). Names that leak block it; warnings
/// (such as unapproved proceedings) need an organizer's explicit reason.
/// </summary>
public sealed class PublishEdition(Db db, TimeProvider clock, ListEditions list)
{
    private const string EnsureReportSql = """
        INSERT INTO reports (roundtable_id, updated_at) VALUES (@roundtableId, @now) ON CONFLICT (roundtable_id) DO NOTHING
        """;

    private const string MarkSql = """
        UPDATE report_editions SET publish_at = @publishAt, published_by_user_id = @userId, override_reason = @reason
        WHERE id = @id AND roundtable_id = @roundtableId
        """;

    private const string PointSql = "UPDATE reports SET published_edition_id = @id WHERE roundtable_id = @roundtableId";

    private const string StatusSql = "UPDATE roundtables SET status = 'report_published', updated_at = @now WHERE id = @roundtableId";

    public async Task<Result<DateTime>> HandleAsync(long roundtableId, int number, DateTime? publishAt, string? overrideReason, long userId, CancellationToken ct)
    {
        var edition = (await list.HandleAsync(roundtableId, ct)).FirstOrDefault(e => e.Number == number);
        if (edition is null)
        {
            return Result<DateTime>.Fail("", $"There is no edition {number}.");
        }
        if (edition.LeakList.Count > 0)
        {
            return Result<DateTime>.Fail("", $"Edition {number} names people who may not be named ({edition.LeakList.Count} places). Fix the texts, assemble a new edition and publish that one.");
        }
        var reason = (overrideReason ?? "").Trim();
        if (edition.WarningList.Count > 0 && reason.Length == 0)
        {
            return Result<DateTime>.Fail("overrideReason", $"Edition {number} has {edition.WarningList.Count} warnings. To publish it anyway, give the reason.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var at = publishAt is { } p && p > now ? p : now;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(EnsureReportSql, new { roundtableId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(MarkSql, new { id = edition.Id, roundtableId, publishAt = at, userId, reason = reason.Length == 0 ? null : reason }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(PointSql, new { id = edition.Id, roundtableId }, tx, cancellationToken: ct));
        if (at <= now)
        {
            await conn.ExecuteAsync(new CommandDefinition(StatusSql, new { roundtableId, now }, tx, cancellationToken: ct));
        }
        await Audit.AuditLog.RecordAsync(conn, tx, now, userId, null, Audit.AuditActions.Published, roundtableId,
            $"Edition {number}{(at > now ? $" from {at:yyyy-MM-dd HH:mm} UTC" : "")}{(reason.Length > 0 ? $", despite warnings: {reason}" : "")}.", ct);
        await tx.CommitAsync(ct);
        return Result<DateTime>.Success(at);
    }
}
