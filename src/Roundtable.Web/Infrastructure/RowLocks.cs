namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Makes writers of one roundtable's (or one presentation's) rows take turns, on both databases. PostgreSQL's read
/// committed lets two transactions read the same revision or the same last position and both write from it; updating
/// the parent row to itself takes that row's lock until commit (the SQL both dialects share has no SELECT ... FOR
/// UPDATE). Call it first in the transaction.
/// <para>On SQLite it runs nothing: a write transaction there begins IMMEDIATE (<see cref="DbConnection.BeginTransactionAsync(CancellationToken)"/>),
/// which lets one writer in at a time already, and the update to itself wrote the parent row's page once more at
/// every commit (a rapporteur's every save). The only deferred transactions are read snapshots, which take no lock.</para>
/// </summary>
public static class RowLocks
{
    private const string RoundtableSql = "UPDATE roundtables SET updated_at = updated_at WHERE id = @id";

    private const string PresentationSql = "UPDATE presentations SET position = position WHERE id = @id";

    public static Task RoundtableAsync(DbConnection conn, DbTransaction tx, long roundtableId, CancellationToken ct) =>
        LockAsync(conn, tx, RoundtableSql, roundtableId, ct);

    public static Task PresentationAsync(DbConnection conn, DbTransaction tx, long presentationId, CancellationToken ct) =>
        LockAsync(conn, tx, PresentationSql, presentationId, ct);

    private static Task LockAsync(DbConnection conn, DbTransaction tx, string sql, long id, CancellationToken ct) =>
        conn is Microsoft.Data.Sqlite.SqliteConnection ? Task.CompletedTask
        : conn.ExecuteAsync(new CommandDefinition(sql, new { id }, tx, cancellationToken: ct));

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
