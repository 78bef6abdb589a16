using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Features.Backups;

/// <summary>
/// Where an installation keeps what a backup must hold, read from the same settings the app starts with: on SQLite the
/// database file, Hangfire's file beside it and the data-protection keys folder; on PostgreSQL one database (the app's
/// tables, Hangfire's schema and, by default, the keys table). Logos and editions (HTML and PDF) are rows of the
/// database; the Development mail catcher's folder is not kept.
/// </summary>
public sealed class InstallationParts
{
    public required DatabaseProvider Provider { get; init; }

    /// <summary>SQLite: the app's database file (full path).</summary>
    public string DatabaseFile { get; init; } = "";

    /// <summary>SQLite: Hangfire's file (full path).</summary>
    public string JobsFile { get; init; } = "";

    /// <summary>The keys folder when the keys are kept on disk (the default on SQLite); null when they are in the database.</summary>
    public string? KeysFolder { get; init; }

    public string PostgresConnectionString { get; init; } = "";

    public static InstallationParts Of(IConfiguration configuration, IHostEnvironment env, Db db)
    {
        var dataProtection = configuration.GetSection("DataProtection");
        var store = dataProtection["Store"] ?? (db.IsPostgres ? "Database" : "FileSystem");
        var keys = store.Equals("FileSystem", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(env.ContentRootPath, dataProtection["KeysPath"] ?? "data/keys")
            : null;
        if (db.IsPostgres)
        {
            return new InstallationParts { Provider = DatabaseProvider.Postgres, PostgresConnectionString = db.ConnectionString, KeysFolder = keys };
        }
        var file = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        var jobs = configuration.GetSection(JobSettings.Section).Get<JobSettings>() ?? new JobSettings();
        return new InstallationParts
        {
            Provider = DatabaseProvider.Sqlite,
            DatabaseFile = file,
            JobsFile = jobs.SqlitePath(file, env.ContentRootPath),
            KeysFolder = keys,
        };
    }
}

/// <summary>The migration scripts a database has had applied (DbUp's SchemaVersions table), by file name, in order.</summary>
public static class SchemaScripts
{
    private const string Sql = "SELECT scriptname FROM schemaversions";

    public static async Task<IReadOnlyList<string>> ReadAsync(DbConnection conn, CancellationToken ct)
    {
        var names = await conn.QueryAsync<string>(new CommandDefinition(Sql, cancellationToken: ct));
        return [.. names.Select(FileName).Order(StringComparer.Ordinal)];
    }

    /// <summary>"Roundtable.Web.sql.sqlite.0110_create_inbox.sql" is "0110_create_inbox.sql".</summary>
    public static string FileName(string scriptName)
    {
        foreach (var marker in (string[])[".sql.sqlite.", ".sql.postgres."])
        {
            var at = scriptName.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return scriptName[(at + marker.Length)..];
            }
        }
        return scriptName;
    }

    public static string Dialect(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
}
