using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Roundtable.Tests.Features.Proceedings;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Backups;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Backups;

/// <summary>
/// backup and restore through the commands, on the real app: a backup taken while statements are saved and a mailing
/// sends holds every write acknowledged before it began, restores into an empty installation that the app then
/// starts on; bad archives and non-empty targets are refused and leave nothing behind. On the PostgreSQL pass the
/// same tests go through pg_dump and pg_restore.
/// </summary>
public sealed class BackupRestoreTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    /// <summary>The installation of the class's app, started (the factory starts it on first use).</summary>
    private Dictionary<string, string?> AppInstallation()
    {
        _ = app.Services;
        return BackupCli.Of(app);
    }

    private static async Task<string> BackUpAsync(Dictionary<string, string?> settings, string folder)
    {
        var (exit, output, error) = await BackupCli.RunAsync(settings, "backup", "--to", folder);
        Assert.True(exit == 0, $"backup failed ({exit}): {error}");
        Assert.Contains("Backup written", output);
        return BackupCli.SingleBackup(folder);
    }

    private static Task<(int Exit, string Out, string Error)> RestoreAsync(BackupCli.Target target, string archive, bool force = false) =>
        BackupCli.RunAsync(target.Settings, force ? ["restore", "--from", archive, "--force"] : ["restore", "--from", archive]);

    [Fact]
    public async Task A_backup_taken_while_statements_are_saved_and_a_mailing_sends_restores_every_acknowledged_write_and_the_app_starts_on_it()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var (roundtableId, invitees) = await app.RoundtableWithInviteesAsync("bk", 60);
        var acknowledged = new ConcurrentQueue<(long Id, string Text)>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var st = await s.AddAsync(s.Two, s.Tate, $"made point {i} about deterrence.");
                acknowledged.Enqueue((st.Id, st.Text));
            }
        });
        while (acknowledged.Count < 20)
        {
            await Task.Delay(10);
        }
        var mailing = await app.InviteAsync(roundtableId, invitees);
        await app.Smtp.WaitForAsync(x => !x.Received.IsEmpty);
        var protectedBefore = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup-test").Protect("still readable");

        var folder = BackupCli.NewFolder();
        var before = acknowledged.ToArray();
        var archive = await BackUpAsync(AppInstallation(), folder);
        var during = acknowledged.Count - before.Length;
        while (acknowledged.Count < before.Length + during + 5)
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await writer;

        using var target = new BackupCli.Target();
        var (exit, output, error) = await RestoreAsync(target, archive);
        Assert.True(exit == 0, $"restore failed: {error}");
        Assert.Contains("integrity check ok", output);

        await using (var conn = await target.OpenAsync())
        {
            var restored = (await conn.QueryAsync<(long Id, string Text)>("SELECT id, text FROM statements WHERE presentation_id = @p", new { p = s.Two }))
                .ToDictionary(r => r.Id, r => r.Text);
            foreach (var (id, text) in before)
            {
                Assert.True(restored.TryGetValue(id, out var got), $"Statement {id}, acknowledged before the backup began, is missing from the restore.");
                Assert.Equal(text, got);
            }
            // Nothing that was never written: the writer has stopped, so every statement saved was acknowledged.
            var written = acknowledged.ToDictionary(a => a.Id, a => a.Text);
            Assert.All(restored, r => Assert.Equal(written[r.Key], r.Value));
            Assert.Equal(60, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE mailing_id = @m", new { m = mailing.MailingId }));
            if (!TestDatabase.IsPostgres)
            {
                Assert.Equal("ok", await conn.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            }
        }
        if (!TestDatabase.IsPostgres)
        {
            Assert.True(File.Exists(Path.Combine(target.Folder, "roundtable.hangfire.db")), "the job store is restored beside the database");
            Assert.Equal(Directory.GetFiles(Path.Combine(app.Folder, "keys")).Select(Path.GetFileName).Order(),
                Directory.GetFiles(Path.Combine(target.Folder, "keys")).Select(Path.GetFileName).Order());
            Assert.Empty(Directory.GetFileSystemEntries(target.Folder, "*.restoring"));
        }

        // The app starts on the restored installation: the organizer signs in, the proceedings are there, and what
        // the old app signed (cookies, RSVP and report links) is still read.
        await using var restoredApp = new RestoredAppFactory(target);
        using var web = await restoredApp.SignInAsync(s.OrganizerEmail);
        var page = await web.GetPageAsync(s.Page(s.Two));
        Assert.Contains(before[0].Text.TrimEnd('.'), page.Body!.TextContent);
        Assert.Equal("still readable", restoredApp.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup-test").Unprotect(protectedBefore));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_corrupt_or_truncated_archive_is_refused_and_nothing_is_restored()
    {
        var folder = BackupCli.NewFolder();
        var archive = await BackUpAsync(AppInstallation(), folder);
        var bytes = await File.ReadAllBytesAsync(archive);

        var truncated = Path.Combine(folder, "truncated.zip");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var corrupt = Path.Combine(folder, "corrupt.zip");
        var flipped = (byte[])bytes.Clone();
        using (var zip = ZipFile.OpenRead(archive))
        {
            // Damage the middle of the database entry's compressed data, leaving the zip's directory intact.
            var database = zip.Entries.Single(e => e.Name is "roundtable.db" or "roundtable.pgdump");
            var offset = LocalDataOffset(bytes, database.FullName) + database.CompressedLength / 2;
            for (var i = 0; i < 64; i++)
            {
                flipped[offset + i] ^= 0x5A;
            }
        }
        await File.WriteAllBytesAsync(corrupt, flipped);
        var garbage = Path.Combine(folder, "garbage.zip");
        await File.WriteAllTextAsync(garbage, "this is not a zip file at all");

        foreach (var bad in new[] { truncated, corrupt, garbage })
        {
            using var target = new BackupCli.Target();
            var (exit, _, error) = await RestoreAsync(target, bad);
            Assert.True(exit == 1, $"{Path.GetFileName(bad)} was not refused: {error}");
            Assert.Contains("corrupt", error);
            Assert.Contains("Nothing was restored", error);
            if (target.Postgres is null)
            {
                Assert.False(Directory.Exists(target.Folder) && Directory.EnumerateFileSystemEntries(target.Folder).Any(), "a refused restore leaves nothing in the target");
            }
            else
            {
                await using var conn = await target.OpenAsync();
                Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"));
            }
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_target_that_is_not_empty_is_refused_without_force_and_replaced_with_it()
    {
        var folder = BackupCli.NewFolder();
        var archive = await BackUpAsync(AppInstallation(), folder);
        using var target = new BackupCli.Target();
        Assert.Equal(0, (await RestoreAsync(target, archive)).Exit);
        await using (var conn = await target.OpenAsync())
        {
            Assert.Equal(1, await conn.ExecuteAsync("UPDATE installation SET installation_id = 'changed-after-the-restore'"));
        }

        var (exit, _, error) = await RestoreAsync(target, archive);
        Assert.Equal(1, exit);
        Assert.Contains("not empty", error);
        Assert.Contains("--force", error);
        await using (var conn = await target.OpenAsync())
        {
            Assert.NotEqual(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM installation WHERE installation_id = 'changed-after-the-restore'"));
        }

        var forced = await RestoreAsync(target, archive, force: true);
        Assert.True(forced.Exit == 0, forced.Error);
        await using (var conn = await target.OpenAsync())
        {
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM installation WHERE installation_id = 'changed-after-the-restore'"));
        }
        if (target.Postgres is null)
        {
            // What --force replaced is kept beside it.
            Assert.Contains("Replaced, kept as", forced.Out);
            Assert.Single(Directory.GetFiles(target.Folder, "roundtable.db.replaced-*"));
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_from_a_newer_version_is_refused()
    {
        var folder = BackupCli.NewFolder();
        var archive = await BackUpAsync(AppInstallation(), folder);
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(BackupManifest.EntryName)!;
            BackupManifest manifest;
            using (var stream = entry.Open())
            {
                manifest = JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json)!;
            }
            entry.Delete();
            manifest.LastScript = "9990_from_the_future.sql";
            manifest.ScriptCount++;
            using var write = zip.CreateEntry(BackupManifest.EntryName).Open();
            JsonSerializer.Serialize(write, manifest, BackupManifest.Json);
        }
        using var target = new BackupCli.Target();
        var (exit, _, error) = await RestoreAsync(target, archive);
        Assert.Equal(1, exit);
        Assert.Contains("newer version of Roundtable", error);
        Assert.Contains("9990_from_the_future.sql", error);
        Assert.False(File.Exists(target.DatabaseFile));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_of_an_older_schema_is_migrated_when_restored()
    {
        var dialect = TestDatabase.IsPostgres ? "postgres" : "sqlite";
        var all = Migrations.ScriptNames(dialect);
        var old = all.Where(n => string.CompareOrdinal(n, "0100") < 0).ToList();
        Assert.True(old.Count < all.Count);
        using var source = new BackupCli.Target();
        var env = new HostingEnvironment { ContentRootPath = source.Folder };
        Directory.CreateDirectory(source.Folder);
        await using (var db = new Db(new DatabaseSettings
        {
            Provider = source.Postgres is null ? "Sqlite" : "Postgres",
            ConnectionString = source.Postgres ?? $"Data Source={source.DatabaseFile}",
        }, env))
        {
            Migrations.Apply(db, name => string.CompareOrdinal(name, "0100") < 0);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var folder = BackupCli.NewFolder();
        var archive = await BackUpAsync(source.Settings, folder);
        using (var zip = ZipFile.OpenRead(archive))
        using (var stream = zip.GetEntry(BackupManifest.EntryName)!.Open())
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json)!;
            Assert.Equal(old[^1], manifest.LastScript);
            Assert.Equal(old.Count, manifest.ScriptCount);
            Assert.All(manifest.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        }

        using var target = new BackupCli.Target();
        // Empty folders are an empty target (a new machine's data folder made beforehand).
        Directory.CreateDirectory(Path.Combine(target.Folder, "keys"));
        var (exit, output, error) = await RestoreAsync(target, archive);
        Assert.True(exit == 0, error);
        Assert.Contains($"{all.Count - old.Count} migration(s) applied", output);
        await using var conn = await target.OpenAsync();
        var scripts = await SchemaScripts.ReadAsync(conn, CancellationToken.None);
        Assert.Equal(all, scripts.Order(StringComparer.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Scheduled_backups_are_off_unless_a_schedule_is_set()
    {
        using var connection = app.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        Assert.DoesNotContain(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == BackupSettings.RecurringJobId);
    }

    /// <summary>Where an entry's data starts in a zip file: after its local header (30 bytes, the name, the extra field).</summary>
    private static int LocalDataOffset(byte[] zip, string name)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i < zip.Length - 30; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 3 && zip[i + 3] == 4
                && BitConverter.ToUInt16(zip, i + 26) == nameBytes.Length
                && zip.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                return i + 30 + nameBytes.Length + BitConverter.ToUInt16(zip, i + 28);
            }
        }
        throw new InvalidOperationException($"No local header for {name}.");
    }
}

/// <summary>The app started on a restored installation (its jobs not run, so the restored mailing stays as it was).</summary>
public sealed class RestoredAppFactory(BackupCli.Target target) : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:ConnectionString"] = target.Postgres ?? $"Data Source={target.DatabaseFile}",
        ["DataProtection:KeysPath"] = Path.Combine(target.Folder, "keys"),
        ["Jobs:Server"] = "false",
    };
}
