using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Infrastructure;

public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (the embedded default, one node) or "Postgres".</summary>
    public string Provider { get; set; } = "Sqlite";

    public string ConnectionString { get; set; } = "Data Source=data/roundtable.db";
}

/// <summary>Opens one connection per unit of work.</summary>
public sealed class Db
{
    private readonly string connectionString;

    public Db(DatabaseSettings settings, IHostEnvironment env)
    {
        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        // A relative file lives under the content root, so `dotnet run` and tests agree on where it is.
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
        {
            builder.DataSource = Path.Combine(env.ContentRootPath, builder.DataSource);
        }
        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        connectionString = builder.ToString();
    }

    public string ConnectionString => connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync(ct);
        return conn;
    }
}
