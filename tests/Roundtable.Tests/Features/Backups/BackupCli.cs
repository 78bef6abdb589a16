using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Backups;

/// <summary>
/// Runs the app's commands as <c>dotnet run -- backup …</c> does (AppCommands, the same configuration reading), with the
/// settings in an appsettings.json of a content root of their own, so that tests running at once never share them.
/// </summary>
public static class BackupCli
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), "roundtable-tests", "cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var json = new JsonObject();
            foreach (var (key, value) in settings)
            {
                var node = json;
                var path = key.Split(':');
                foreach (var part in path[..^1])
                {
                    node = (JsonObject)(node[part] ??= new JsonObject());
                }
                node[path[^1]] = value;
            }
            await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), json.ToJsonString());
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await AppCommands.RunAsync(args, output, error, root);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The settings that name <paramref name="app"/>'s installation (its database, and on SQLite its keys folder).</summary>
    public static Dictionary<string, string?> Of(AppFactory app) => TestDatabase.IsPostgres
        ? Postgres(app.PostgresConnectionString!)
        : Sqlite(app.Folder);

    public static Dictionary<string, string?> Sqlite(string folder) => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "roundtable.db")}",
        ["DataProtection:KeysPath"] = Path.Combine(folder, "keys"),
    };

    public static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = connectionString,
    };

    /// <summary>An empty installation to restore into: a new folder, or a new PostgreSQL database (dropped by <see cref="Target.Dispose"/>).</summary>
    public sealed class Target : IDisposable
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "roundtable-tests", "restore-" + Guid.NewGuid().ToString("N"));

        public string? Postgres { get; } = TestDatabase.IsPostgres ? TestDatabase.CreatePostgres() : null;

        public Dictionary<string, string?> Settings => Postgres is { } pg ? BackupCli.Postgres(pg) : Sqlite(Folder);

        public string DatabaseFile => Path.Combine(Folder, "roundtable.db");

        public async Task<System.Data.Common.DbConnection> OpenAsync()
        {
            if (Postgres is { } pg)
            {
                var conn = new NpgsqlConnection(pg);
                await conn.OpenAsync();
                return conn;
            }
            var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
            await sqlite.OpenAsync();
            return sqlite;
        }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Postgres is { } pg)
            {
                TestDatabase.DropPostgres(pg);
            }
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }

    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "roundtable-tests", "backups-" + Guid.NewGuid().ToString("N"));

    public static string SingleBackup(string folder) =>
        Assert.Single(Directory.GetFiles(folder, "roundtable-backup-*.zip"));

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
