using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Roundtable.Web.Features.Backups;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// Backup and restore of a SQLite installation with many statements: time, and the process's memory while each runs
/// (its working set sampled every 20 ms, against the figure just before), at two sizes, so a memory that grew with
/// the rows would show. Run: dotnet run -c Release --project tests/Roundtable.Benchmarks -- backup [--statements 500000]
/// </summary>
public static class BackupBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var large = Bench.Arg(args, "--statements", 500_000);
        Console.WriteLine($"Backup benchmark (SQLite): {large / 10:N0} and {large:N0} statements");
        foreach (var count in new[] { large / 10, large })
        {
            await MeasureAsync(count);
        }
        return 0;
    }

    private static async Task MeasureAsync(int statements)
    {
        using var scratch = new ScratchFolder("backup-bench");
        var folder = scratch.Path;
        var backups = Path.Combine(folder, "backups");
        await using var app = Bench.App(folder, []);
        var services = app.Services;
        var db = services.GetRequiredService<Db>();
        var seed = Stopwatch.StartNew();
        await SeedAsync(db, statements);
        var dbBytes = new FileInfo(Path.Combine(folder, "roundtable.db")).Length;
        Console.WriteLine($"  {statements:N0} statements: database {dbBytes / 1048576.0:N0} MB, seeded in {seed.Elapsed.TotalSeconds:N1} s");

        MakeBackup.Made made;
        await using (var scope = services.CreateAsyncScope())
        {
            var make = scope.ServiceProvider.GetRequiredService<MakeBackup>();
            (made, var time, var memory) = await Measured(() => make.HandleAsync(backups, CancellationToken.None));
            Console.WriteLine($"    backup:  {time.TotalSeconds:N1} s, archive {made.Bytes / 1048576.0:N0} MB; working set +{memory.Grew / 1048576.0:N0} MB at most (peak {memory.Peak / 1048576.0:N0} MB), managed heap at most {memory.Heap / 1048576.0:N0} MB");
        }

        var target = Path.Combine(folder, "restored");
        Directory.CreateDirectory(target);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataProtection:KeysPath"] = Path.Combine(target, "keys"),
        }).Build();
        var env = new HostingEnvironment { ContentRootPath = target };
        await using var targetDb = new Db(new DatabaseSettings { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(target, "roundtable.db")}" }, env);
        var restore = new RestoreBackup(targetDb, configuration, env, TimeProvider.System);
        var (restored, restoreTime, restoreMemory) = await Measured(() => restore.RunAsync(made.Path, force: false, CancellationToken.None));
        Console.WriteLine($"    restore: {restoreTime.TotalSeconds:N1} s (checks, integrity check twice, migrations); working set +{restoreMemory.Grew / 1048576.0:N0} MB at most (peak {restoreMemory.Peak / 1048576.0:N0} MB), managed heap at most {restoreMemory.Heap / 1048576.0:N0} MB");
        await using (var conn = new SqliteConnection($"Data Source={Path.Combine(target, "roundtable.db")};Pooling=False"))
        {
            var rows = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM statements");
            if (rows != statements)
            {
                throw new InvalidOperationException($"The restore has {rows} statements, not {statements}.");
            }
        }
        SqliteConnection.ClearAllPools();
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

    /// <summary>One roundtable of 1,000 presentations, their statements inserted 500 at a time by one statement each (a recursive CTE).</summary>
    private static async Task SeedAsync(Db db, int statements)
    {
        const int presentations = 1000;
        await ReportAssemblyBench.SeedAsync(db, presentations, 0);
        await using var conn = await db.OpenAsync();
        var userId = await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM users");
        var ids = (await conn.QueryAsync<long>("SELECT id FROM presentations ORDER BY id")).AsList();
        var speaker = await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM participations");
        var perPresentation = statements / presentations;
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var pid in ids)
        {
            await conn.ExecuteAsync("""
                WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < @perPresentation)
                INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, kind, text, html, created_by_user_id, created_at, updated_by_user_id, updated_at)
                SELECT @pid, x, @speaker, 0, 'remark',
                       'noted that the northern routes would carry more traffic within a decade (' || x || '), and that rescue services were not ready for it.',
                       '<p>noted that the northern routes would carry more traffic within a decade (' || x || '), and that rescue services were not ready for it.</p>',
                       @userId, @now, @userId, @now
                FROM n
                """, new { perPresentation, pid, speaker, userId, now = DateTime.UtcNow }, tx);
        }
        await tx.CommitAsync();
    }
}
