using Npgsql;

namespace Roundtable.Tests.Support;

/// <summary>
/// Which database the tests run against. SQLite files by default; with ROUNDTABLE_TEST_DB=postgres, a PostgreSQL
/// database created for each test class (and dropped after it) on the server named by ROUNDTABLE_TEST_PG, a
/// connection string whose role may create databases.
/// </summary>
public static class TestDatabase
{
    public const string DefaultPostgres = "Host=127.0.0.1;Username=roundtable;Password=roundtable";

    public static bool IsPostgres { get; } = (Environment.GetEnvironmentVariable("ROUNDTABLE_TEST_DB") ?? "sqlite").Trim().ToLowerInvariant() switch
    {
        "" or "sqlite" => false,
        "postgres" or "postgresql" => true,
        var other => throw new InvalidOperationException($"ROUNDTABLE_TEST_DB is \"{other}\"; use sqlite or postgres."),
    };

    public static string ServerConnectionString => Environment.GetEnvironmentVariable("ROUNDTABLE_TEST_PG") is { Length: > 0 } cs ? cs : DefaultPostgres;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreatePostgres()
    {
        var name = "rt_test_" + Guid.NewGuid().ToString("N");
        using (var admin = Admin())
        {
            Execute(admin, $"CREATE DATABASE \"{name}\"");
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, ApplicationName = "roundtable-tests" }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreatePostgres"/>, closing whatever still uses it (a Hangfire poller).</summary>
    public static void DropPostgres(string connectionString)
    {
        using (var conn = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(conn);
        }
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var admin = Admin();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException) when (attempt < 40)
            {
                // FORCE ends only the sessions this role may signal: an autovacuum worker that has just started on
                // the database makes the drop fail ("must be a member of the role whose process is being
                // terminated"). It is done within moments.
                Thread.Sleep(250);
            }
        }
    }

    private static NpgsqlConnection Admin()
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        conn.Open();
        return conn;
    }

    private static void Execute(NpgsqlConnection conn, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }
}
