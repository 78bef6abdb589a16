using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using Roundtable.Web.Features.Backups;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// Backup and restore of an installation with many statements: time, and the process's memory while each runs (its
/// working set sampled every 20 ms, against the figure just before), at two sizes, so a memory that grew with the rows
/// would show. Run: dotnet run -c Release --project tests/Roundtable.Benchmarks -- backup [--statements 500000]
/// [--postgres "Host=…;Username=…;Password=…"] (a role that may create databases: two are made and dropped).
/// </summary>
public static class BackupBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var large = Bench.Arg(args, "--statements", 500_000);
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        Console.WriteLine($"Backup benchmark ({(postgres is null ? "SQLite" : "PostgreSQL: pg_dump, pg_restore")}): {large / 10:N0} and {large:N0} statements");
        foreach (var count in new[] { large / 10, large })
        {
            await MeasureAsync(count, postgres);
        }
        return 0;
    }

    private static async Task MeasureAsync(int statements, string? server)
    {
        using var scratch = new ScratchFolder("backup-bench");
        var folder = scratch.Path;
        var source = server is null ? null : CreateDatabase(server);
        var target = server is null ? null : CreateDatabase(server);
        try
        {
            await using var app = Bench.App(folder, source is null ? [] : [("Database:Provider", "Postgres"), ("Database:ConnectionString", source)]);
            var services = app.Services;
            var seed = Stopwatch.StartNew();
            await SeedAsync(services.GetRequiredService<Db>(), statements);
            var size = source is null ? $"database {new FileInfo(Path.Combine(folder, "roundtable.db")).Length / 1048576.0:N0} MB, " : "";
            Console.WriteLine($"  {statements:N0} statements: {size}seeded in {seed.Elapsed.TotalSeconds:N1} s");

            MakeBackup.Made made;
            await using (var scope = services.CreateAsyncScope())
            {
                var make = scope.ServiceProvider.GetRequiredService<MakeBackup>();
                (made, var time, var memory) = await Measured(() => make.HandleAsync(Path.Combine(folder, "backups"), CancellationToken.None));
                Console.WriteLine($"    backup:  {time.TotalSeconds:N1} s, archive {made.Bytes / 1048576.0:N0} MB; working set +{memory.Grew / 1048576.0:N0} MB at most (peak {memory.Peak / 1048576.0:N0} MB), managed heap at most {memory.Heap / 1048576.0:N0} MB");
            }

            var restored = Path.Combine(folder, "restored");
            Directory.CreateDirectory(restored);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataProtection:KeysPath"] = Path.Combine(restored, "keys"),
            }).Build();
            var env = new HostingEnvironment { ContentRootPath = restored };
            await using var targetDb = new Db(target is null
                ? new DatabaseSettings { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(restored, "roundtable.db")}" }
                : new DatabaseSettings { Provider = "Postgres", ConnectionString = target }, env);
            var restore = new RestoreBackup(targetDb, configuration, env, TimeProvider.System);
            var (_, restoreTime, restoreMemory) = await Measured(() => restore.RunAsync(made.Path, force: false, CancellationToken.None));
            Console.WriteLine($"    restore: {restoreTime.TotalSeconds:N1} s (checks, migrations{(target is null ? ", integrity check twice" : "")}); working set +{restoreMemory.Grew / 1048576.0:N0} MB at most (peak {restoreMemory.Peak / 1048576.0:N0} MB), managed heap at most {restoreMemory.Heap / 1048576.0:N0} MB");
            await using var conn = await targetDb.OpenAsync();
            var rows = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM statements");
            if (rows != statements)
            {
                throw new InvalidOperationException($"The restore has {rows} statements, not {statements}.");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            foreach (var db in new[] { source, target })
            {
                if (db is not null)
                {
                    DropDatabase(server!, db);
                }
            }
        }
    }

    private sealed record Memory(long Grew, long Peak, long Heap);

    private static async Task<(T Result, TimeSpan Time, Memory Memory)> Measured<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        long peak = baseline, heap = GC.GetTotalMemory(false);
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                heap = Math.Max(heap, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var watch = Stopwatch.StartNew();
        var result = await work();
        var time = watch.Elapsed;
        await done.CancelAsync();
        await sampler;
        return (result, time, new Memory(peak - baseline, peak, heap));
    }

    private static NpgsqlConnection Admin(string server)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        conn.Open();
        return conn;
    }

    private static string CreateDatabase(string server)
    {
        var name = "rt_bench_" + Guid.NewGuid().ToString("N");
        using var conn = Admin(server);
        conn.Execute($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static void DropDatabase(string server, string database)
    {
        using var conn = Admin(server);
        conn.Execute($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
    }

    /// <summary>
    /// One roundtable of 1,000 presentations, their statements inserted 500 at a time by one statement each (a recursive
    /// CTE), in the SQL both databases run (flags as parameters).
    /// </summary>
    private static async Task SeedAsync(Db db, int statements)
    {
        const int presentations = 1000;
        await using var conn = await db.OpenAsync();
        var now = DateTime.UtcNow;
        var userId = await conn.ExecuteScalarAsync<long>("INSERT INTO users (email, email_normalized, display_name, role, password_hash, security_stamp, created_at) VALUES ('b@bench.example.org', 'B@BENCH.EXAMPLE.ORG', 'Bench', 'organizer', 'x', 's', @now) RETURNING id", new { now });
        var rid = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO roundtables (title, start_date, end_date, start_time, end_time, time_zone, venue, host_organization, status, created_by_user_id, created_at, updated_at)
            VALUES ('Benchmark Roundtable', '2026-10-14', '2026-10-14', '09:00', '17:00', 'UTC', 'Hall', 'Institute', 'proceedings', @userId, @now, @now) RETURNING id
            """, new { userId, now });
        var person = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO people (full_name, name_in_print, surname, sort_name, biography, email, email_normalized, created_at, updated_at)
            VALUES ('Speaker Person', 'Speaker Person', 'Person', 'Person', 'A biography.', 's@bench.example.org', 'S@BENCH.EXAMPLE.ORG', @now, @now) RETURNING id
            """, new { now });
        var speaker = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO participations (roundtable_id, person_id, may_be_named, attended, created_at) VALUES (@rid, @person, @yes, @yes, @now) RETURNING id",
            new { rid, person, yes = true, now });
        await using var tx = await conn.BeginTransactionAsync();
        var perPresentation = statements / presentations;
        for (var p = 0; p < presentations; p++)
        {
            var pid = await conn.ExecuteScalarAsync<long>(
                "INSERT INTO presentations (roundtable_id, position, title, presenter_named, created_at) VALUES (@rid, @position, @title, @yes, @now) RETURNING id",
                new { rid, position = p + 1, title = $"Presentation number {p + 1}", yes = true, now }, tx);
            await conn.ExecuteAsync("""
                WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < @perPresentation)
                INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, kind, text, html, created_by_user_id, created_at, updated_by_user_id, updated_at)
                SELECT @pid, x, @speaker, @no, 'remark',
                       'noted that the northern routes would carry more traffic within a decade (' || x || '), and that rescue services were not ready for it.',
                       '<p>noted that the northern routes would carry more traffic within a decade (' || x || '), and that rescue services were not ready for it.</p>',
                       @userId, @now, @userId, @now
                FROM n
                """, new { perPresentation, pid, speaker, no = false, userId, now }, tx);
        }
        await tx.CommitAsync();
    }
}
