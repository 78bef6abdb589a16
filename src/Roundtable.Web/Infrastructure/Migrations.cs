using System.Reflection;
using DbUp;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Infrastructure;

/// <summary>Applies sql/&lt;dialect&gt;/NNNN_*.sql (embedded in the assembly) in order; re-runs apply nothing.</summary>
public static class Migrations
{
    public static void Apply(Db db)
    {
        var upgrader = DeployChanges.To
            .SqliteDatabase(db.ConnectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".sql.sqlite.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }

        // dbup-sqlite leaves the journal in DELETE mode; WAL lets readers run beside the writer.
        using var conn = new SqliteConnection(db.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL;";
        cmd.ExecuteNonQuery();
    }
}
