using System.Reflection;
using DbUp;
using DbUp.Engine;

namespace Roundtable.Web.Infrastructure;

/// <summary>Applies sql/&lt;dialect&gt;/NNNN_*.sql (embedded in the assembly) in order; re-runs apply nothing.</summary>
public static class Migrations
{
    public static void Apply(Db db) => Apply(db, _ => true);

    /// <summary>Only the scripts whose file name passes <paramref name="include"/> (tests that upgrade a database step by step).</summary>
    internal static void Apply(Db db, Func<string, bool> include)
    {
        if (!db.IsPostgres)
        {
            PrepareSqliteFile(db);
        }
        var dialect = db.IsPostgres ? ".sql.postgres." : ".sql.sqlite.";
        var target = db.IsPostgres ? DeployChanges.To.PostgresqlDatabase(db.ConnectionString) : DeployChanges.To.SqliteDatabase(db.ConnectionString);
        var upgrader = target
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(),
                name => name.Contains(dialect, StringComparison.Ordinal) && include(name[(name.IndexOf(dialect, StringComparison.Ordinal) + dialect.Length)..]))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
    }

    /// <summary>
    /// WAL, so readers run beside the writer (dbup-sqlite would leave the journal in DELETE mode); and for a new file,
    /// 16 KB pages. A message's body (7 KB for an invitation) then fits on its row's page instead of spilling onto an
    /// overflow page, and the outbox's claims, records and content reads cost less CPU (README, "Benchmarks").
    /// A file that already has tables keeps its page size: SQLite
    /// changes it only for an empty database.
    /// </summary>
    private static void PrepareSqliteFile(Db db)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;";
        cmd.ExecuteNonQuery();
    }

    /// <summary>The scripts of one dialect, by file name (for tests that compare the dialects).</summary>
    public static IReadOnlyList<string> ScriptNames(string dialect) =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.Contains($".sql.{dialect}.", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf($".sql.{dialect}.", StringComparison.Ordinal) + $".sql.{dialect}.".Length)..])
            .Order(StringComparer.Ordinal)
            .ToList();
}
