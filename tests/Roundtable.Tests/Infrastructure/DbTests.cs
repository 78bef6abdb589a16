using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Infrastructure;

/// <summary>What the app needs to know of the database it runs on, the same on both.</summary>
public sealed class DbTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<DbException> FailsAsync(Func<Task> write) => await Assert.ThrowsAnyAsync<DbException>(write);

    [Fact]
    public void The_app_runs_on_the_database_the_tests_chose()
    {
        Assert.Equal(TestDatabase.IsPostgres, app.Db.IsPostgres);
        Assert.Equal(TestDatabase.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, app.Db.Provider);
    }

    [Fact]
    public void The_settings_files_are_read_once_so_no_watcher_wakes_at_each_database_write()
    {
        // Reloading appsettings*.json on change watches the content root and every folder below it, where data/ holds
        // the SQLite file and its write-ahead log: every write woke the watcher (a fifth of a save's CPU).
        var files = ((IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>()).Providers
            .OfType<Microsoft.Extensions.Configuration.FileConfigurationProvider>().ToList();
        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }

    [Fact]
    public async Task A_unique_violation_is_recognised_and_other_refusals_are_not()
    {
        await app.CreateUserAsync("unique@db.example.org", Roles.Organizer);
        await using var conn = await app.Db.OpenAsync();
        var duplicate = await FailsAsync(() => conn.ExecuteAsync("""
            INSERT INTO users (email, email_normalized, display_name, role, password_hash, security_stamp, created_at)
            VALUES ('x', 'UNIQUE@DB.EXAMPLE.ORG', 'x', 'organizer', 'x', 'x', @now)
            """, new { now = DateTime.UtcNow }));
        Assert.True(Db.IsUniqueViolation(duplicate));

        var badRole = await FailsAsync(() => conn.ExecuteAsync("""
            INSERT INTO users (email, email_normalized, display_name, role, password_hash, security_stamp, created_at)
            VALUES ('y', 'OTHER@DB.EXAMPLE.ORG', 'y', 'emperor', 'y', 'y', @now)
            """, new { now = DateTime.UtcNow }));
        Assert.False(Db.IsUniqueViolation(badRole));
    }

    [Fact]
    public async Task Times_come_back_in_utc_and_flags_as_booleans()
    {
        var at = new DateTime(2027, 3, 10, 8, 30, 15, 123, DateTimeKind.Utc);
        await using var conn = await app.Db.OpenAsync();
        var row = await conn.QuerySingleAsync<(DateTime At, bool Yes, bool No)>(
            "SELECT @at AS at, (1 = 1) AS yes, CASE WHEN 1 = 2 THEN 1 ELSE 0 END AS no", new { at });
        Assert.Equal(DateTimeKind.Utc, row.At.Kind);
        Assert.Equal(at, row.At);
        Assert.True(row.Yes);
        Assert.False(row.No);
    }

    [Fact]
    public async Task A_sqlite_connection_waits_for_a_busy_database_inside_sqlite_and_keeps_statement_journals_in_memory()
    {
        // Microsoft.Data.Sqlite alone sleeps 150 ms whenever the database is busy; busy_timeout lets SQLite retry within
        // milliseconds. temp_store = MEMORY (2) keeps a multi-row UPDATE's statement journal out of /var/tmp.
        // PostgreSQL has no such things to set.
        if (app.Db.IsPostgres)
        {
            return;
        }
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(30_000, await conn.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
            Assert.Equal(2, await conn.ExecuteScalarAsync<int>("PRAGMA temp_store"));
        }
        using (var conn = app.Db.Open())
        {
            Assert.Equal(30_000, conn.ExecuteScalar<int>("PRAGMA busy_timeout"));
            Assert.Equal(2, conn.ExecuteScalar<int>("PRAGMA temp_store"));
        }
    }

    [Fact]
    public async Task A_rapporteurs_save_commits_without_waiting_for_the_disk_and_every_other_write_waits_for_it()
    {
        if (app.Db.IsPostgres)
        {
            await using var pg = await app.Db.OpenForSaveAsync();
            await using (var save = await app.Db.BeginSaveAsync(pg, default))
            {
                Assert.Equal("off", await pg.ExecuteScalarAsync<string>("SHOW synchronous_commit", transaction: save));
            }
            await using var other = await pg.BeginTransactionAsync();
            Assert.Equal("on", await pg.ExecuteScalarAsync<string>("SHOW synchronous_commit", transaction: other));
            return;
        }
        // Saves come from a pool of their own: synchronous NORMAL (1) and no memory map; every other connection waits
        // for the disk (FULL, 2) and reads through the map. Taking turns at a save and the other pragmas are the same.
        for (var round = 0; round < 2; round++)
        {
            await using (var save = await app.Db.OpenForSaveAsync())
            {
                Assert.Equal(1, await save.ExecuteScalarAsync<int>("PRAGMA synchronous"));
                Assert.Equal(0, await save.ExecuteScalarAsync<long>("PRAGMA mmap_size"));
                Assert.Equal(1, await save.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
                Assert.Equal(30_000, await save.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
                await using var tx = await app.Db.BeginSaveAsync(save, default);
                var other = app.Db.OpenAsync();
                await Task.Delay(50);
                await using (var reader = await other)
                {
                    // A reader is not kept waiting by a save's transaction; a second writer is (WriteTurns).
                    Assert.Equal(2, await reader.ExecuteScalarAsync<int>("PRAGMA synchronous"));
                    Assert.Equal(256L * 1024 * 1024, await reader.ExecuteScalarAsync<long>("PRAGMA mmap_size"));
                    var writer = reader.BeginTransactionAsync().AsTask();
                    await Task.Delay(50);
                    Assert.False(writer.IsCompleted, "a write began during a save's transaction");
                    await tx.CommitAsync();
                    await using var _ = await writer;
                }
            }
        }
        // Durable saves wait for the disk like every other write.
        await using var durable = new Db(new DatabaseSettings { ConnectionString = app.Db.ConnectionString, DurableSaves = true },
            app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>());
        await using (var conn = await durable.OpenForSaveAsync())
        {
            Assert.Equal(2, await conn.ExecuteScalarAsync<int>("PRAGMA synchronous"));
        }
        // Settings that name the mode the save pool uses still get two pools (on a file of its own: pools are per process).
        var file = Path.Combine(Path.GetTempPath(), $"rt-mode-{Guid.NewGuid():N}.db");
        await using (var create = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await create.OpenAsync();
        }
        await using var readWrite = new Db(new DatabaseSettings { ConnectionString = $"Data Source={file};Mode=ReadWrite" },
            app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>());
        for (var round = 0; round < 2; round++)
        {
            await using (var save = await readWrite.OpenForSaveAsync())
            {
                Assert.Equal(1, await save.ExecuteScalarAsync<int>("PRAGMA synchronous"));
            }
            await using (var other = await readWrite.OpenAsync())
            {
                Assert.Equal(2, await other.ExecuteScalarAsync<int>("PRAGMA synchronous"));
            }
        }
        File.Delete(file);
    }

    [Fact]
    public async Task A_list_of_ids_passed_as_one_parameter_selects_exactly_those_rows()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await app.CreateUserAsync($"idlist{i}@db.example.org", Roles.Organizer));
        }
        await using var conn = await app.Db.OpenAsync();
        var found = await conn.QueryAsync<long>(app.Db.SqlWithIdList("SELECT id FROM users WHERE id IN @ids ORDER BY id"),
            new { ids = app.Db.IdList([ids[0], ids[2], -1]) });
        Assert.Equal([ids[0], ids[2]], found);
        Assert.Empty(await conn.QueryAsync<long>(app.Db.SqlWithIdList("SELECT id FROM users WHERE id IN @ids"), new { ids = app.Db.IdList([]) }));
    }

    [Fact]
    public void An_unknown_provider_is_refused_with_the_choices()
    {
        var e = Assert.ThrowsAny<Exception>(() => new DatabaseSettings { Provider = "MySql" }.Kind);
        Assert.Contains("Sqlite or Postgres", e.Message);
    }
}
