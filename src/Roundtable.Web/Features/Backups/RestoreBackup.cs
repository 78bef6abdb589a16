using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Features.Backups;

/// <summary>
/// Restores a backup archive into the installation the settings name (the <c>restore</c> command). It checks the
/// archive first (manifest, every entry's size and SHA-256, the schema: an archive whose last script this app does not
/// know is from a newer version and is refused), refuses a target that is not empty unless forced, restores into
/// temporary names beside the target, applies this app's migrations there (an older backup is upgraded) and runs
/// SQLite's integrity check, and only then switches: what it replaces is kept beside it as <c>*.replaced-STAMP</c>.
/// On PostgreSQL the whole restore is one transaction of the target database.
/// </summary>
public sealed class RestoreBackup(Db db, IConfiguration configuration, IHostEnvironment env, TimeProvider clock)
{
    public sealed class Restored
    {
        public BackupManifest Manifest { get; init; } = new();
        public IReadOnlyList<string> Replaced { get; init; } = [];
        public int MigrationsApplied { get; init; }
        public string Target { get; init; } = "";
    }

    public async Task<Restored> RunAsync(string archivePath, bool force, CancellationToken ct)
    {
        archivePath = Path.GetFullPath(archivePath);
        if (!File.Exists(archivePath))
        {
            throw new BackupException($"There is no file {archivePath}.");
        }
        var parts = InstallationParts.Of(configuration, env, db);
        using var zip = Open(archivePath);
        var manifest = ReadManifest(zip, archivePath);
        if (!string.Equals(manifest.Provider, parts.Provider.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new BackupException($"This is a backup of a {manifest.Provider} installation and this app is set up for {parts.Provider} (Database:Provider). Restore it into a {manifest.Provider} installation; moving from SQLite to PostgreSQL is a separate step.");
        }
        var known = Migrations.ScriptNames(SchemaScripts.Dialect(parts.Provider));
        CheckSchema([manifest.LastScript], manifest.ScriptCount, known);
        foreach (var file in manifest.Files)
        {
            if (zip.GetEntry(file.Path) is null)
            {
                throw new BackupException($"{archivePath} lists {file.Path} in its manifest but does not contain it: the archive is incomplete. Nothing was restored.");
            }
            if (file.Part == BackupPart.Key && (!file.Path.StartsWith("keys/", StringComparison.Ordinal) || file.Path[5..] != Path.GetFileName(file.Path[5..]) || file.Path.Length == 5))
            {
                throw new BackupException($"{archivePath} names a key file \"{file.Path}\" outside keys/: not a Roundtable backup. Nothing was restored.");
            }
        }
        var database = manifest.Files.SingleOrDefault(f => f.Part is BackupPart.Database or BackupPart.PostgresDump)
            ?? throw new BackupException($"{archivePath} holds no database. Nothing was restored.");
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return parts.Provider == DatabaseProvider.Postgres
            ? await RestorePostgresAsync(zip, archivePath, manifest, database, parts, force, known, ct)
            : await RestoreSqliteAsync(zip, archivePath, manifest, database, parts, force, known, stamp, ct);
    }

    private async Task<Restored> RestoreSqliteAsync(ZipArchive zip, string archivePath, BackupManifest manifest, BackupEntry database,
        InstallationParts parts, bool force, IReadOnlyList<string> known, string stamp, CancellationToken ct)
    {
        var keys = manifest.Files.Where(f => f.Part == BackupPart.Key).ToList();
        var jobs = manifest.Files.SingleOrDefault(f => f.Part == BackupPart.Jobs);
        // What is there now: a target with any of it is not empty.
        var present = new List<string>();
        foreach (var file in new[] { parts.DatabaseFile, parts.DatabaseFile + "-wal", parts.JobsFile, parts.JobsFile + "-wal" })
        {
            if (File.Exists(file))
            {
                present.Add(file);
            }
        }
        if (parts.KeysFolder is { } keysNow && Directory.Exists(keysNow) && Directory.EnumerateFileSystemEntries(keysNow).Any())
        {
            present.Add(keysNow);
        }
        if (present.Count > 0 && !force)
        {
            throw new BackupException($"The target is not empty: {string.Join(", ", present)}. Restore into an empty data folder (Database:ConnectionString, DataProtection:KeysPath), or stop the app and run again with --force to replace them (what is replaced is kept beside it as *.replaced-{stamp}). Nothing was restored.");
        }

        var stagedDb = parts.DatabaseFile + ".restoring";
        var stagedJobs = parts.JobsFile + ".restoring";
        var stagedKeys = parts.KeysFolder is null ? null : parts.KeysFolder + ".restoring";
        var moves = new List<(string From, string To)>();
        try
        {
            RemoveStaged(stagedDb, stagedJobs, stagedKeys);
            Directory.CreateDirectory(Path.GetDirectoryName(stagedDb)!);
            await ExtractAsync(zip, archivePath, database, stagedDb, ct);
            if (jobs is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(stagedJobs)!);
                await ExtractAsync(zip, archivePath, jobs, stagedJobs, ct);
            }
            if (stagedKeys is not null)
            {
                Directory.CreateDirectory(stagedKeys);
                foreach (var key in keys)
                {
                    await ExtractAsync(zip, archivePath, key, Path.Combine(stagedKeys, key.Path[5..]), ct);
                }
            }

            var check = await IntegrityCheckAsync(stagedDb, ct);
            if (check != "ok")
            {
                throw new BackupException($"The database in {archivePath} fails SQLite's integrity check ({check}). Nothing was restored.");
            }
            int before;
            await using (var conn = OpenFile(stagedDb))
            {
                await conn.OpenAsync(ct);
                var scripts = await SchemaScripts.ReadAsync(conn, ct);
                CheckSchema(scripts, scripts.Count, known);
                before = scripts.Count;
            }
            var applied = Migrate(stagedDb) - before;
            check = await IntegrityCheckAsync(stagedDb, ct);
            if (check != "ok")
            {
                throw new BackupException($"The restored database fails SQLite's integrity check after its migrations ({check}). Nothing was restored.");
            }
            if (jobs is not null && await IntegrityCheckAsync(stagedJobs, ct) is var jobsCheck && jobsCheck != "ok")
            {
                throw new BackupException($"The job store in {archivePath} fails SQLite's integrity check ({jobsCheck}). Nothing was restored.");
            }

            // The switch: what is there moves aside, then the restored files take its place.
            foreach (var path in present.Concat(present.Where(p => p == parts.DatabaseFile || p == parts.JobsFile).Select(p => p + "-shm")).Distinct())
            {
                if (File.Exists(path) || Directory.Exists(path))
                {
                    Move(path, path + ".replaced-" + stamp, moves);
                }
            }
            Move(stagedDb, parts.DatabaseFile, moves);
            if (jobs is not null)
            {
                Move(stagedJobs, parts.JobsFile, moves);
            }
            if (stagedKeys is not null && parts.KeysFolder is not null)
            {
                if (Directory.Exists(parts.KeysFolder))
                {
                    // Empty (a folder with keys was moved aside above).
                    Directory.Delete(parts.KeysFolder);
                }
                Move(stagedKeys, parts.KeysFolder, moves);
            }
            return new Restored
            {
                Manifest = manifest, MigrationsApplied = applied, Target = parts.DatabaseFile,
                Replaced = [.. present.Select(p => p + ".replaced-" + stamp)],
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or BackupException)
        {
            // Put back whatever had moved, newest first, and drop the staged copies.
            for (var i = moves.Count - 1; i >= 0; i--)
            {
                try
                {
                    MovePath(moves[i].To, moves[i].From);
                }
                catch (IOException)
                {
                }
            }
            SqliteConnection.ClearAllPools();
            RemoveStaged(stagedDb, stagedJobs, stagedKeys);
            throw e is BackupException ? e : new BackupException($"The restore failed and nothing was changed: {e.Message}", e);
        }
    }

    private async Task<Restored> RestorePostgresAsync(ZipArchive zip, string archivePath, BackupManifest manifest, BackupEntry database,
        InstallationParts parts, bool force, IReadOnlyList<string> known, CancellationToken ct)
    {
        List<string> schemas;
        await using (var conn = await db.OpenAsync(ct))
        {
            schemas = [.. await conn.QueryAsync<string>(new CommandDefinition(UserSchemasSql, cancellationToken: ct))];
            var relations = await conn.ExecuteScalarAsync<long>(new CommandDefinition(UserRelationsSql, cancellationToken: ct));
            if (relations > 0 && !force)
            {
                throw new BackupException($"The PostgreSQL database {new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString).Database} is not empty ({relations} tables, sequences or other relations). Restore into an empty database, or stop every node and run again with --force to replace its contents. Nothing was restored.");
            }
        }
        var dump = Path.Combine(Path.GetTempPath(), $"roundtable-restore-{Guid.NewGuid():N}.pgdump");
        try
        {
            await ExtractAsync(zip, archivePath, database, dump, ct);
            // One transaction: with --force the old schemas go first, so a newer table the backup lacks cannot survive.
            var prefix = new StringBuilder("\\set ON_ERROR_STOP on\nBEGIN;\n");
            if (force)
            {
                foreach (var schema in schemas)
                {
                    prefix.Append("DROP SCHEMA IF EXISTS \"").Append(schema.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\" CASCADE;\n");
                }
                prefix.Append("CREATE SCHEMA IF NOT EXISTS public;\n");
            }
            await PipeRestoreAsync(parts.PostgresConnectionString, dump, prefix.ToString(), ct);
        }
        finally
        {
            File.Delete(dump);
        }
        int before;
        await using (var conn = await db.OpenAsync(ct))
        {
            var scripts = await SchemaScripts.ReadAsync(conn, ct);
            before = scripts.Count;
            CheckSchema(scripts, scripts.Count, known);
        }
        Npgsql.NpgsqlConnection.ClearAllPools();
        Migrations.Apply(db);
        await using (var conn = await db.OpenAsync(ct))
        {
            var after = (await SchemaScripts.ReadAsync(conn, ct)).Count;
            return new Restored { Manifest = manifest, MigrationsApplied = after - before, Target = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString).Database ?? "" };
        }
    }

    private const string UserSchemasSql = """
        SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'
        ORDER BY nspname
        """;

    private const string UserRelationsSql = """
        SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
        """;

    /// <summary>
    /// pg_restore writes the dump as SQL into psql, inside BEGIN … COMMIT. COMMIT is sent only when pg_restore has
    /// finished well; otherwise psql is stopped and the server rolls the whole restore back.
    /// </summary>
    private static async Task PipeRestoreAsync(string connectionString, string dump, string prefix, CancellationToken ct)
    {
        using var restore = PostgresTools.Start(PostgresTools.StartInfo("pg_restore", connectionString, ["--no-owner", "--no-privileges", "--no-comments", "--file=-", dump]));
        restore.StandardInput.Close();
        using var psql = PostgresTools.Start(PostgresTools.StartInfo("psql", connectionString, ["--no-psqlrc", "--quiet", "--no-password", "--file=-"]));
        var restoreErrors = restore.StandardError.ReadToEndAsync(ct);
        var psqlErrors = psql.StandardError.ReadToEndAsync(ct);
        var psqlOutput = psql.StandardOutput.ReadToEndAsync(ct);
        var input = psql.StandardInput.BaseStream;
        try
        {
            await input.WriteAsync(Encoding.UTF8.GetBytes(prefix), ct);
            await restore.StandardOutput.BaseStream.CopyToAsync(input, ct);
            await restore.WaitForExitAsync(ct);
            if (restore.ExitCode != 0)
            {
                psql.Kill(entireProcessTree: true);
                throw new BackupException($"pg_restore failed (exit code {restore.ExitCode}): {(await restoreErrors).Trim()} Nothing was restored.");
            }
            await input.WriteAsync("COMMIT;\n"u8.ToArray(), ct);
            psql.StandardInput.Close();
        }
        catch (IOException)
        {
            // psql stopped reading: it met an error, which it reports below.
        }
        await psql.WaitForExitAsync(ct);
        await psqlOutput;
        if (psql.ExitCode != 0)
        {
            if (!restore.HasExited)
            {
                restore.Kill(entireProcessTree: true);
            }
            throw new BackupException($"Restoring into PostgreSQL failed and was rolled back: {(await psqlErrors).Trim()}");
        }
    }

    private static ZipArchive Open(string archivePath)
    {
        try
        {
            return ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException e)
        {
            throw new BackupException($"{archivePath} is not a readable backup archive: it is corrupt or truncated ({e.Message}). Nothing was restored.", e);
        }
    }

    private static BackupManifest ReadManifest(ZipArchive zip, string archivePath)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName)
            ?? throw new BackupException($"{archivePath} has no {BackupManifest.EntryName}: it is not a Roundtable backup. Nothing was restored.");
        try
        {
            using var stream = entry.Open();
            var manifest = JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json);
            if (manifest is null || manifest.App != "Roundtable" || manifest.Files.Count == 0 || string.IsNullOrEmpty(manifest.LastScript))
            {
                throw new BackupException($"{archivePath} has a manifest that does not describe a Roundtable backup. Nothing was restored.");
            }
            if (manifest.Format > BackupManifest.CurrentFormat)
            {
                throw new BackupException($"{archivePath} is in backup format {manifest.Format}, newer than this version of Roundtable reads ({BackupManifest.CurrentFormat}). Restore it with the version that made it. Nothing was restored.");
            }
            return manifest;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new BackupException($"The manifest of {archivePath} cannot be read: the archive is corrupt ({e.Message}). Nothing was restored.", e);
        }
    }

    /// <summary>A script this app does not have means the backup was made by a newer version.</summary>
    private static void CheckSchema(IReadOnlyList<string> scripts, int count, IReadOnlyList<string> known)
    {
        var unknown = scripts.FirstOrDefault(s => !known.Contains(s, StringComparer.Ordinal));
        if (unknown is not null || count > known.Count)
        {
            throw new BackupException($"This backup was made by a newer version of Roundtable: its database has migration {unknown ?? scripts[^1]} ({count} scripts), and this app knows {known.Count}, up to {known[^1]}. Restore it with that version or a newer one. Nothing was restored.");
        }
    }

    private static async Task ExtractAsync(ZipArchive zip, string archivePath, BackupEntry file, string target, CancellationToken ct)
    {
        var entry = zip.GetEntry(file.Path)!;
        try
        {
            await using var input = entry.Open();
            await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var (bytes, sha) = await MakeBackup.CopyHashedAsync(input, output, ct);
            if (bytes != file.Bytes || !string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupException($"{file.Path} in {archivePath} does not match the size and SHA-256 its manifest gives: the archive is corrupt. Nothing was restored.");
            }
            await output.FlushAsync(ct);
            output.Flush(flushToDisk: true);
        }
        catch (InvalidDataException e)
        {
            throw new BackupException($"{file.Path} in {archivePath} cannot be read: the archive is corrupt or truncated ({e.Message}). Nothing was restored.", e);
        }
    }

    private static SqliteConnection OpenFile(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());

    private static async Task<string> IntegrityCheckAsync(string path, CancellationToken ct)
    {
        await using var conn = OpenFile(path);
        await conn.OpenAsync(ct);
        var rows = await conn.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check", commandTimeout: 0, cancellationToken: ct));
        return string.Join("; ", rows.Take(5));
    }

    /// <summary>Applies this app's migrations to the staged file; returns how many scripts it then has.</summary>
    private int Migrate(string stagedFile)
    {
        using var staged = new Db(new DatabaseSettings { Provider = "Sqlite", ConnectionString = $"Data Source={stagedFile}" }, env);
        Migrations.Apply(staged);
        using var conn = staged.Open();
        var count = conn.ExecuteScalar<long>("SELECT COUNT(*) FROM schemaversions");
        conn.Close();
        // Closing the last connection checkpoints the WAL into the file, which can then be renamed alone.
        using (var pooled = new SqliteConnection(staged.ConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }
        return (int)count;
    }

    private static void Move(string from, string to, List<(string From, string To)> moves)
    {
        MovePath(from, to);
        moves.Add((from, to));
    }

    private static void MovePath(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void RemoveStaged(string db, string jobs, string? keys)
    {
        foreach (var f in new[] { db, db + "-wal", db + "-shm", jobs, jobs + "-wal", jobs + "-shm" })
        {
            File.Delete(f);
        }
        if (keys is not null && Directory.Exists(keys))
        {
            Directory.Delete(keys, recursive: true);
        }
    }
}
