namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Makes writers of one roundtable's (or one presentation's) rows take turns, on both databases. SQLite lets one
/// write transaction in at a time already. PostgreSQL's read committed lets two transactions read the same revision
/// or the same last position and both write from it; updating the parent row to itself takes that row's lock until
/// commit, in SQL both dialects share (SQLite has no SELECT ... FOR UPDATE). Call it first in the transaction.
/// </summary>
public static class RowLocks
{
    private const string RoundtableSql = "UPDATE roundtables SET updated_at = updated_at WHERE id = @id";

    private const string PresentationSql = "UPDATE presentations SET position = position WHERE id = @id";

    public static Task RoundtableAsync(DbConnection conn, DbTransaction tx, long roundtableId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(RoundtableSql, new { id = roundtableId }, tx, cancellationToken: ct));

    public static Task PresentationAsync(DbConnection conn, DbTransaction tx, long presentationId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(PresentationSql, new { id = presentationId }, tx, cancellationToken: ct));

    /// <summary>Two presentations, always in the same order, so two movers in opposite directions cannot deadlock.</summary>
    public static async Task PresentationsAsync(DbConnection conn, DbTransaction tx, long a, long b, CancellationToken ct)
    {
        await PresentationAsync(conn, tx, Math.Min(a, b), ct);
        if (a != b)
        {
            await PresentationAsync(conn, tx, Math.Max(a, b), ct);
        }
    }
}
