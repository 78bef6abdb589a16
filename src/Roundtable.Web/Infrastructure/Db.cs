using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Roundtable.Web.Infrastructure;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (the embedded default, one node) or "Postgres" (one database for several nodes).</summary>
    public string Provider { get; set; } = "Sqlite";

    public string ConnectionString { get; set; } = "Data Source=data/roundtable.db";

    /// <summary>
    /// False (the default): a rapporteur's save (a statement or a summary, <see cref="Db.OpenForSaveAsync"/>) is answered
    /// once the database has it in memory and its log written, without waiting for the disk to confirm it: SQLite
    /// <c>synchronous = NORMAL</c> on the saves' own connections, PostgreSQL <c>synchronous_commit = off</c> for that
    /// transaction. A crash of the app loses nothing; a power cut (SQLite) or a crash of the database server
    /// (PostgreSQL) may lose the last second or so of saves, never the database's consistency. True waits for the disk
    /// at every save as at every other write: each save then costs a disk sync (3–12 ms on the machine measured), one
    /// at a time per presentation.
    /// </summary>
    public bool DurableSaves { get; set; }

    /// <summary>Count the SQL statements of each request and answer them in a header (tests and benchmarks only; see <see cref="SqlStatementCount"/>).</summary>
    public bool CountStatements { get; set; }

    public DatabaseProvider Kind => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new OptionsValidationException(Section, typeof(DatabaseSettings), [$"Database:Provider is \"{Provider}\"; use Sqlite or Postgres."]),
    };
}

/// <summary>
/// Opens one connection per unit of work, on SQLite or PostgreSQL. The SQL is written to the subset both speak;
/// <see cref="IsPostgres"/> is the dialect point for the few statements that really differ.
/// </summary>
public sealed class Db : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource? postgres;

    public Db(DatabaseSettings settings, IHostEnvironment env)
    {
        Provider = settings.Kind;
        if (Provider == DatabaseProvider.Postgres)
        {
            var pg = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            pg.ApplicationName ??= "roundtable";
            // The same few statements run at every request: prepared on the server once per connection after their
            // fifth use, they skip parsing and planning (README, "Page benchmark"). A connection string may say otherwise.
            if (!settings.ConnectionString.Replace(" ", "", StringComparison.Ordinal).Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            {
                pg.MaxAutoPrepare = 100;
            }
            ConnectionString = pg.ConnectionString;
            postgres = NpgsqlDataSource.Create(ConnectionString);
            if (settings.CountStatements)
            {
                SqlStatementCount.ListenToNpgsql();
            }
            durableSaves = settings.DurableSaves;
            return;
        }
        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString)
        {
            // Switched on once per native connection with the other pragmas (Configure): Microsoft.Data.Sqlite's own
            // ForeignKeys=true runs "PRAGMA foreign_keys = 1" at every open, a statement per unit of work.
            ForeignKeys = null,
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
        ConnectionString = builder.ToString();
        var pragmas = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {builder.DefaultTimeout * 1000}; PRAGMA temp_store = MEMORY;";
        connectionPragmas = $"{pragmas} PRAGMA synchronous = FULL; PRAGMA mmap_size = {MmapBytes};";
        countStatements = settings.CountStatements;
        durableSaves = settings.DurableSaves;
        if (!durableSaves)
        {
            // A pool of its own for the rapporteurs' saves (the pool is chosen by the connection string's text, and by
            // the time anyone saves, the database exists): its connections commit without waiting for the disk and
            // read the file without the memory map (see OpenForSaveAsync).
            var save = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
            if (save.ToString() == ConnectionString)
            {
                // The settings say ReadWrite already: a command timeout a second longer keeps the pools apart.
                save.DefaultTimeout++;
            }
            saveConnectionString = save.ToString();
            savePragmas = $"{pragmas} PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 0;";
        }
    }

    private readonly bool durableSaves;

    private readonly string connectionPragmas = "";

    private readonly string? saveConnectionString;

    private readonly string savePragmas = "";

    // 256 MiB of the database file read through a memory map.
    private const long MmapBytes = 256L * 1024 * 1024;

    private readonly bool countStatements;

    // The native connections already set up: pooled connections keep their pragmas, so each is set once, not at every open.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, WriteTurns.Native> configured = new();

    // SQLite's writers, one at a time, in the order they asked (see WriteTurns).
    private readonly WriteTurns writeTurns = new();

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    // "IN @ids": a list parameter, spelled differently per database (see Sql and SqlWithIdList).
    private static readonly System.Text.RegularExpressions.Regex ListParameter = new(@"\bIN (@\w+)");

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> dialectText = new(StringComparer.Ordinal);

    /// <summary>
    /// The one spelling the two databases do not share: a list parameter. Dapper expands <c>IN @ids</c> into
    /// <c>IN (@ids1, @ids2, …)</c> for SQLite but sends an array to Npgsql, which wants <c>= ANY(@ids)</c>.
    /// The text stays constant per dialect, so Dapper's cache keeps working.
    /// </summary>
    public string Sql(string sql) =>
        IsPostgres ? dialectText.GetOrAdd(sql, static s => ListParameter.Replace(s, "= ANY($1)")) : sql;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> idListText = new(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Sql"/> for a statement whose list is passed as <see cref="IdList"/>: one parameter on both databases.
    /// Dapper spells <c>IN @ids</c> on SQLite as a parameter per id, and SQLite parses and binds every command anew; for
    /// a batch of a hundred ids that cost more than the statement's own work (the outbox's bookkeeping took 20% less CPU
    /// without it). SQLite reads the ids from one JSON text with json_each, PostgreSQL from one array.
    /// </summary>
    public string SqlWithIdList(string sql) =>
        IsPostgres ? Sql(sql) : idListText.GetOrAdd(sql, static s => ListParameter.Replace(s, "IN (SELECT value FROM json_each($1))"));

    /// <summary>The list parameter of a <see cref="SqlWithIdList"/> statement.</summary>
    public Dapper.SqlMapper.ICustomQueryParameter IdList(IEnumerable<long> ids) => new IdListParameter([.. ids], IsPostgres);

    private sealed class IdListParameter(long[] ids, bool postgres) : Dapper.SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(System.Data.IDbCommand command, string name)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = postgres ? ids : $"[{string.Join(',', ids)}]";
            command.Parameters.Add(parameter);
        }
    }

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(ct);
        }
        return await OpenSqliteAsync(ConnectionString, connectionPragmas, ct);
    }

    private async Task<DbConnection> OpenSqliteAsync(string connectionString, string pragmas, CancellationToken ct)
    {
        var conn = new WriteTurns.Connection(connectionString);
        await conn.OpenAsync(ct);
        Configure(conn, pragmas);
        return conn;
    }

    /// <summary>
    /// The connection of a rapporteur's save (a statement, a summary), whose transaction <see cref="BeginSaveAsync"/>
    /// begins. Unless <see cref="DatabaseSettings.DurableSaves"/>, SQLite's come from a pool of their own, set up once
    /// per native connection:
    /// <list type="bullet">
    /// <item>synchronous = NORMAL: a commit is answered once its log is written, without waiting for the disk (see
    /// DurableSaves for what that risks). Set per save before, it cost two statements a save (set, and put back).</item>
    /// <item>mmap_size = 0: a save reads a handful of pages, and through the memory map each page touched after
    /// another connection's commit was a page fault in the kernel; read() calls cost less. Saves ran 20% faster without
    /// the map, while the pages that read much (the report page) ran 30% slower, so the pages keep it.</item>
    /// </list>
    /// </summary>
    public Task<DbConnection> OpenForSaveAsync(CancellationToken ct = default) =>
        saveConnectionString is null ? OpenAsync(ct) : OpenSqliteAsync(saveConnectionString, savePragmas, ct);

    /// <summary>For synchronous callers: the data-protection key store, which the framework calls so, and the mail delivery workers, which own their threads.</summary>
    public DbConnection Open()
    {
        if (postgres is not null)
        {
            return postgres.OpenConnection();
        }
        var conn = new WriteTurns.Connection(ConnectionString);
        conn.Open();
        Configure(conn, connectionPragmas);
        return conn;
    }

    /// <summary>
    /// Per connection:
    /// <list type="bullet">
    /// <item>busy_timeout lets SQLite itself wait for another connection's write to finish (retrying within a
    /// millisecond or a few at first). Without it Microsoft.Data.Sqlite sleeps a long fixed time whenever the database is busy:
    /// four delivery workers taking turns to record their batches spent half their time asleep, and a page saved during
    /// a mailing waited too.</item>
    /// <item>temp_store = MEMORY keeps statement journals in memory. An UPDATE of several rows inside a transaction
    /// journals the pages it changes so that it can be undone alone, and SQLite spills that journal to a new file in
    /// /var/tmp once it passes 64 KiB, which is four 16 KB pages. Every outbox batch did: for 10,000 messages SQLite
    /// created, wrote (19 MB in all, 2,300 writes) and deleted a hundred files. Nothing in a statement journal is needed
    /// after a crash, so memory loses nothing.</item>
    /// <item>mmap_size: SQLite reads the database file through a memory map instead of a read() call per page. Each
    /// connection's page cache is dropped whenever another connection writes, so under a stream of saves every page a
    /// request read was a system call again (pread was the largest kernel entry in a profile of the statement saves).</item>
    /// </list>
    /// These, and foreign_keys, stay set on the native connection, which the pool keeps open between uses, so they are
    /// set once per native connection rather than at every open (the three were a statement per unit of work, two
    /// per request's connection, before).
    /// </summary>
    private void Configure(WriteTurns.Connection conn, string pragmas)
    {
        var handle = conn.Handle!;
        if (configured.TryGetValue(handle, out var known))
        {
            conn.Native = known;
            return;
        }
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = pragmas;
            cmd.ExecuteNonQuery();
        }
        if (countStatements)
        {
            SQLitePCL.raw.sqlite3_trace(handle, static (_, sql) =>
            {
                // A trigger's statements are traced as comments; they are part of the statement that fired them.
                if (!sql.StartsWith("--", StringComparison.Ordinal))
                {
                    SqlStatementCount.Add(sql);
                }
            }, null);
        }
        var native = writeTurns.Register(handle);
        configured.AddOrUpdate(handle, native);
        conn.Native = native;
    }

    /// <summary>
    /// Begins the transaction of a rapporteur's save on a connection from <see cref="OpenForSaveAsync"/>: like any write
    /// transaction, but answered without waiting for the disk unless <see cref="DatabaseSettings.DurableSaves"/> (see
    /// there for what that risks). On SQLite the connection's pool decides; PostgreSQL sets synchronous_commit for this
    /// transaction only.
    /// </summary>
    public async Task<DbTransaction> BeginSaveAsync(DbConnection conn, CancellationToken ct)
    {
        var tx = await conn.BeginTransactionAsync(ct);
        if (durableSaves || !IsPostgres)
        {
            return tx;
        }
        await using (var cmd = conn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SET LOCAL synchronous_commit = off";
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return tx;
    }

    /// <summary>
    /// A unique or primary-key constraint refused the write, on either database. On PostgreSQL the transaction it
    /// happened in is aborted: a caller that wants to go on must start a new one.
    /// </summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555), both SQLITE_CONSTRAINT (19).
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }

    public void Dispose() => postgres?.Dispose();
}
