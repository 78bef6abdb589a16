using System.Data;
using System.Diagnostics;
using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>Where the move reads (a stopped SQLite installation: its file and its keys folder) and writes (an empty PostgreSQL database).</summary>
public sealed record MoveRequest(string SqliteFile, string? KeysFolder, bool KeysFolderGiven, string Target, bool WithoutKeys = false);

/// <summary>
/// Copies a SQLite installation into an empty PostgreSQL database in one transaction: DbUp applies the app's
/// PostgreSQL migrations and, as its last script, the copy runs on the same connection and transaction, so a refusal
/// or a crash anywhere leaves the target as empty as it was. Rows stream (binary COPY), ids are kept and the identity
/// sequences set past them, every table is verified (rows and a checksum) before anything is committed, then leases
/// are cleared and the keys folder is added to <c>data_protection_keys</c>.
/// </summary>
public sealed class PostgresMove(TimeProvider clock, TextWriter output)
{
    private readonly Stopwatch watch = new();

    public async Task RunAsync(MoveRequest request, CancellationToken ct)
    {
        watch.Start();
        if (!File.Exists(request.SqliteFile))
        {
            throw new CommandException($"There is no SQLite database at {request.SqliteFile}.");
        }
        var keys = MoveKeys.Read(request);
        // Read-write (the file must exist; nothing is written) because a WAL file cannot always be opened read-only.
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = request.SqliteFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        await source.OpenAsync(ct);
        CheckSchemaVersion(source, request.SqliteFile);

        var target = new NpgsqlConnectionStringBuilder(request.Target) { ApplicationName = "roundtable-move", CommandTimeout = 0 };
        if (string.IsNullOrEmpty(target.Database))
        {
            throw new CommandException("--to names no database (Database=…): create an empty database for the app and name it.");
        }
        await RefuseNonEmptyAsync(target.ConnectionString, ct);

        var copy = new CopyScript(async (conn, tx) => await CopyAsync(source, conn, tx, keys, ct));
        var upgrader = DeployChanges.To.PostgresqlDatabase(target.ConnectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".sql.postgres.", StringComparison.Ordinal))
            .WithScript("roundtable-move-copy", copy, new SqlScriptOptions { ScriptType = DbUp.Support.ScriptType.RunAlways, RunGroupOrder = int.MaxValue })
            .WithTransaction()
            .WithExecutionTimeout(TimeSpan.FromHours(12))
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            if (copy.Failure is CommandException refused)
            {
                throw refused;
            }
            var cause = copy.Failure ?? result.Error;
            throw new CommandException($"The move failed and was rolled back, the target is empty again: {(cause is PostgresException p ? p.MessageText : cause.Message)}");
        }
        await output.WriteLineAsync($"Moved in {watch.Elapsed.TotalSeconds:0.0} s. Start the app with Database__Provider=Postgres and this connection string.");
    }

    /// <summary>The SQLite file must be at exactly the app's schema version (the same migrations applied).</summary>
    private static void CheckSchemaVersion(SqliteConnection source, string file)
    {
        var hasJournal = source.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND LOWER(name) = 'schemaversions'") > 0;
        if (!hasJournal)
        {
            throw new CommandException($"{file} is not a Roundtable database (it has no schemaversions table).");
        }
        const string marker = ".sql.sqlite.";
        var applied = source.Query<string>("SELECT scriptname FROM schemaversions")
            .Select(n => n.Contains(marker, StringComparison.Ordinal) ? n[(n.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..] : n)
            .ToHashSet(StringComparer.Ordinal);
        var known = Migrations.ScriptNames("sqlite");
        var missing = known.Where(n => !applied.Contains(n)).ToList();
        var unknown = applied.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new CommandException($"{file} was migrated by a newer version of Roundtable ({string.Join(", ", unknown)} is unknown to this one): move it with that version.");
        }
        if (missing.Count > 0)
        {
            throw new CommandException($"{file} is at an older schema version than this app ({missing.Count} migrations not applied, from {missing[0]}): start the app once on it so that it migrates the file, stop it, then move.");
        }
    }

    private const string PublicTablesSql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name";

    private static async Task RefuseNonEmptyAsync(string target, CancellationToken ct)
    {
        List<string> tables;
        try
        {
            await using var conn = new NpgsqlConnection(target);
            await conn.OpenAsync(ct);
            tables = (await conn.QueryAsync<string>(new CommandDefinition(PublicTablesSql, cancellationToken: ct))).AsList();
        }
        catch (NpgsqlException e)
        {
            throw new CommandException($"Cannot open the target database: {(e is PostgresException p ? p.MessageText : e.Message)}");
        }
        if (tables.Count > 0)
        {
            throw new CommandException($"The target database is not empty: its public schema has {tables.Count} tables ({string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", …" : "")}" +
                $"{(tables.Contains(MoveSchema.Journal) ? "; migrations were applied to it" : "")}). Move into a new, empty database; nothing was changed.");
        }
    }

    private async Task CopyAsync(SqliteConnection source, NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<MoveKeys.Key> keys, CancellationToken ct)
    {
        // One read transaction: the copy is one moment of the file, even if something else wrote to it meanwhile.
        await using var snapshot = source.BeginTransaction(deferred: true);
        var tables = await MoveSchema.ReadAsync(source, conn, tx, ct);
        // A few migrations seed a row (the installation, the inbox's status); the source has its own, which replace them.
        foreach (var table in tables.Reverse())
        {
            await conn.ExecuteAsync(new CommandDefinition($"DELETE FROM {MovedTable.Quote(table.Name)}", transaction: tx, cancellationToken: ct));
        }
        var sums = new List<(string Table, long SourceRows, string SourceSum, long TargetRows, string TargetSum)>();
        var foreignKeys = await TableCopy.DropForeignKeysAsync(conn, tx, ct);
        await output.WriteLineAsync($"Migrated the target in {watch.Elapsed.TotalSeconds:0.0} s; copying {tables.Count} tables.");
        foreach (var table in tables)
        {
            var started = watch.Elapsed;
            var (rows, sum) = await TableCopy.CopyAsync(source, snapshot, conn, table, ct);
            var copied = watch.Elapsed;
            var (targetRows, targetSum) = await TableChecksum.OfPostgresAsync(conn, tx, table, ct);
            sums.Add((table.Name, rows, sum, targetRows, targetSum));
            if (rows >= 10_000)
            {
                await output.WriteLineAsync($"  {table.Name}: {rows:N0} rows copied in {(copied - started).TotalSeconds:0.0} s, read back in {(watch.Elapsed - copied).TotalSeconds:0.0} s");
            }
        }
        var checkedAt = watch.Elapsed;
        await TableCopy.RestoreForeignKeysAsync(conn, tx, foreignKeys, ct);
        await output.WriteLineAsync($"Checked the {foreignKeys.Count} foreign keys in {(watch.Elapsed - checkedAt).TotalSeconds:0.0} s.");
        var differ = sums.Where(s => s.SourceRows != s.TargetRows || s.SourceSum != s.TargetSum).ToList();
        await PrintAsync(sums);
        if (differ.Count > 0)
        {
            throw new CommandException($"{differ.Count} tables differ after the copy ({string.Join(", ", differ.Select(d => d.Table))}); it was rolled back and the target is empty.");
        }
        await TableCopy.ResetSequencesAsync(conn, tx, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var (messages, runs) = await InFlight.ClearAsync(conn, tx, now, ct);
        var added = await MoveKeys.StoreAsync(conn, tx, keys, now, ct);
        var ring = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM data_protection_keys", transaction: tx, cancellationToken: ct));
        if (ring == 0)
        {
            throw new CommandException("No data-protection key was found (neither in the keys folder nor in the database): every sign-in, RSVP and report link would stop working. Give --keys DIR, or --without-keys to move anyway. Nothing was moved.");
        }
        await output.WriteLineAsync($"Made safe: {messages} messages being sent are to be sent again (same Message-ID), {runs} publish-and-mail runs' leases released.");
        await output.WriteLineAsync($"Data-protection keys: {added} added from the keys folder, {ring} in data_protection_keys.");
    }

    private async Task PrintAsync(IReadOnlyList<(string Table, long SourceRows, string SourceSum, long TargetRows, string TargetSum)> sums)
    {
        var width = Math.Max(5, sums.Max(s => s.Table.Length));
        await output.WriteLineAsync($"{"Table".PadRight(width)}  {"SQLite rows",12}  {"PG rows",12}  {"SQLite SHA-256",-16}  {"PG SHA-256",-16}  ");
        foreach (var s in sums)
        {
            var same = s.SourceRows == s.TargetRows && s.SourceSum == s.TargetSum;
            await output.WriteLineAsync($"{s.Table.PadRight(width)}  {s.SourceRows,12:N0}  {s.TargetRows,12:N0}  {s.SourceSum[..16]}  {s.TargetSum[..16]}  {(same ? "same" : "DIFFERENT")}");
        }
        await output.WriteLineAsync($"{sums.Count} tables, {sums.Sum(s => s.SourceRows):N0} rows; {sums.Count(s => s.SourceRows == s.TargetRows && s.SourceSum == s.TargetSum)} the same on both sides.");
    }

    /// <summary>DbUp's last script: runs the copy on DbUp's own connection and transaction, and writes no SQL of its own.</summary>
    private sealed class CopyScript(Func<NpgsqlConnection, NpgsqlTransaction, Task> copy) : IScript
    {
        public Exception? Failure { get; private set; }

        public string ProvideScript(Func<IDbCommand> dbCommandFactory)
        {
            using var command = dbCommandFactory();
            var conn = (NpgsqlConnection)command.Connection!;
            var tx = (NpgsqlTransaction?)command.Transaction ?? throw new InvalidOperationException("The move must run inside DbUp's transaction.");
            try
            {
                copy(conn, tx).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                Failure = e;
                throw;
            }
            return "SELECT 1";
        }
    }
}
