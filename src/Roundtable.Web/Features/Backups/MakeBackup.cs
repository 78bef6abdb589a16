using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Features.Backups;

/// <summary>
/// Writes one backup archive of the running installation into a folder: <c>roundtable-backup-20261205T231000Z.zip</c>
/// with the database (SQLite: <c>VACUUM INTO</c>, a consistent snapshot taken beside the app's writers, never a file
/// copy; PostgreSQL: <c>pg_dump --format=custom</c>), Hangfire's SQLite file the same way, the keys folder, and
/// manifest.json last. Snapshots are staged in a hidden folder beside the archive, the archive is written as
/// <c>….zip.partial</c> and renamed when complete; on any failure both are removed. Everything streams: memory does
/// not grow with the database.
/// </summary>
public sealed class MakeBackup(Db db, IConfiguration configuration, IHostEnvironment env, TimeProvider clock)
{
    public const string Prefix = "roundtable-backup-";

    public const string Extension = ".zip";

    public sealed class Made
    {
        public string Path { get; init; } = "";
        public BackupManifest Manifest { get; init; } = new();
        public long Bytes { get; init; }
    }

    public async Task<Made> HandleAsync(string folder, CancellationToken ct)
    {
        folder = System.IO.Path.GetFullPath(folder);
        var parts = InstallationParts.Of(configuration, env, db);
        var now = clock.GetUtcNow();
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"Cannot create the backup folder {folder}: {e.Message}", e);
        }
        var (name, partial) = ReserveName(folder, now);
        var staging = System.IO.Path.Combine(folder, "." + name + ".staging");
        try
        {
            Directory.CreateDirectory(staging);
            var manifest = new BackupManifest { Provider = parts.Provider.ToString(), CreatedAt = now };
            var files = new List<(string Source, string Entry, BackupPart Part)>();
            if (parts.Provider == DatabaseProvider.Postgres)
            {
                var dump = System.IO.Path.Combine(staging, "roundtable.pgdump");
                await ReadSchemaAsync(manifest, ct);
                await PostgresTools.RunAsync("pg_dump", parts.PostgresConnectionString, ["--format=custom", "--no-password", "--file=" + dump], ct);
                files.Add((dump, "roundtable.pgdump", BackupPart.PostgresDump));
            }
            else
            {
                if (!File.Exists(parts.DatabaseFile))
                {
                    throw new BackupException($"There is no database at {parts.DatabaseFile} (Database:ConnectionString): nothing to back up.");
                }
                var snapshot = System.IO.Path.Combine(staging, "roundtable.db");
                await SnapshotAsync(parts.DatabaseFile, snapshot, ct);
                await ReadSchemaAsync(manifest, snapshot, ct);
                files.Add((snapshot, "roundtable.db", BackupPart.Database));
                if (File.Exists(parts.JobsFile))
                {
                    var jobs = System.IO.Path.Combine(staging, "hangfire.db");
                    await SnapshotAsync(parts.JobsFile, jobs, ct);
                    files.Add((jobs, "hangfire.db", BackupPart.Jobs));
                }
            }
            if (parts.KeysFolder is { } keys && Directory.Exists(keys))
            {
                // The framework writes each key once, to a temporary name it then renames: a key file is never torn.
                files.AddRange(Directory.EnumerateFiles(keys, "*.xml").Order(StringComparer.Ordinal)
                    .Select(f => (f, "keys/" + System.IO.Path.GetFileName(f), BackupPart.Key)));
            }
            await WriteArchiveAsync(partial, files, manifest, ct);
            File.Move(partial, System.IO.Path.Combine(folder, name));
            return new Made { Path = System.IO.Path.Combine(folder, name), Manifest = manifest, Bytes = new FileInfo(System.IO.Path.Combine(folder, name)).Length };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new BackupException(Explain(folder, e), e);
        }
        finally
        {
            TryDelete(partial);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>A name no other backup has, reserved by creating its .partial file (two backups in one second get -2, -3, …).</summary>
    private static (string Name, string Partial) ReserveName(string folder, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (var n = 1; ; n++)
        {
            var name = Prefix + stamp + (n == 1 ? "" : "-" + n.ToString(CultureInfo.InvariantCulture)) + Extension;
            var partial = System.IO.Path.Combine(folder, name + ".partial");
            if (File.Exists(System.IO.Path.Combine(folder, name)))
            {
                continue;
            }
            try
            {
                new FileStream(partial, FileMode.CreateNew, FileAccess.Write).Dispose();
                return (name, partial);
            }
            catch (IOException) when (File.Exists(partial))
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BackupException(Explain(folder, e), e);
            }
        }
    }

    /// <summary>
    /// A consistent copy of a live SQLite file: VACUUM INTO reads the database inside one read transaction (WAL lets the
    /// app's writers go on meanwhile) and writes a compact new file.
    /// </summary>
    private static async Task SnapshotAsync(string source, string target, CancellationToken ct)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60 };
        await using var conn = new SqliteConnection(cs.ToString());
        await conn.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout = 60000; VACUUM INTO @target", new { target }, commandTimeout: 0, cancellationToken: ct));
    }

    private static async Task ReadSchemaAsync(BackupManifest manifest, string snapshot, CancellationToken ct)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = snapshot, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var conn = new SqliteConnection(cs.ToString());
        await conn.OpenAsync(ct);
        Fill(manifest, await SchemaScripts.ReadAsync(conn, ct));
    }

    private async Task ReadSchemaAsync(BackupManifest manifest, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        Fill(manifest, await SchemaScripts.ReadAsync(conn, ct));
    }

    private static void Fill(BackupManifest manifest, IReadOnlyList<string> scripts)
    {
        manifest.LastScript = scripts.Count > 0 ? scripts.Max(StringComparer.Ordinal)! : "";
        manifest.ScriptCount = scripts.Count;
    }

    private static async Task WriteArchiveAsync(string partial, List<(string Source, string Entry, BackupPart Part)> files, BackupManifest manifest, CancellationToken ct)
    {
        await using var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (source, entryName, part) in files)
            {
                var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
                await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
                await using var target = await entry.OpenAsync(ct);
                var (bytes, sha) = await CopyHashedAsync(input, target, ct);
                manifest.Files.Add(new BackupEntry { Path = entryName, Part = part, Bytes = bytes, Sha256 = sha });
            }
            var manifestEntry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal);
            await using (var m = await manifestEntry.OpenAsync(ct))
            {
                await JsonSerializer.SerializeAsync(m, manifest, BackupManifest.Json, ct);
            }
        }
        await output.FlushAsync(ct);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Copies a stream in 64 KB blocks, hashing what passes; returns its length and SHA-256 (hex).</summary>
    public static async Task<(long Bytes, string Sha256)> CopyHashedAsync(Stream input, Stream output, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
        }
        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string Explain(string folder, Exception e) => e switch
    {
        UnauthorizedAccessException => $"Cannot write to the backup folder {folder}: permission denied. Give the app's user write access or choose another folder. Nothing was written.",
        IOException io when io.HResult == 28 || io.Message.Contains("No space", StringComparison.OrdinalIgnoreCase) =>
            $"The backup folder {folder} has no space left. Free some space or choose another folder. Nothing was written.",
        SqliteException { SqliteErrorCode: 13 } => $"The backup folder {folder} has no space left for the database snapshot. Free some space or choose another folder. Nothing was written.",
        SqliteException s => $"The database snapshot failed: {s.Message} Nothing was written.",
        _ => $"The backup could not be written to {folder}: {e.Message} Nothing was written.",
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
