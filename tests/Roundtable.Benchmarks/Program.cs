using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

public static class Bench
{
    /// <summary>
    /// The page benchmark runs the app in this process, so it runs it under the app's own garbage collector: the web
    /// app's server GC, not the workstation GC this project keeps for the mail benchmarks' memory figures. Under the
    /// workstation GC the large pages measured twice the CPU and p99 they have in the app.
    /// </summary>
    private static async Task<int> AgainWithServerGcAsync(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("Roundtable.Benchmarks", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(Bench).Assembly.Location);
        }
        args.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["DOTNET_gcServer"] = "1";
        using var again = Process.Start(start)!;
        await again.WaitForExitAsync();
        return again.ExitCode;
    }

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "report")
        {
            return await ReportBench.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "bookkeeping")
        {
            return await BookkeepingBench.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "assembly")
        {
            return await ReportAssemblyBench.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "docx")
        {
            return await DocxBench.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "backup")
        {
            return await BackupBench.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "move")
        {
            return await MoveBench.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "pages")
        {
            return System.Runtime.GCSettings.IsServerGC ? await PageBench.RunAsync(args) : await AgainWithServerGcAsync(args);
        }
        if (args.Length > 0 && args[0] == "specimen")
        {
            return await Specimen.RunAsync(args);
        }
        // Mails N invitations through the outbox (render, enqueue, claim, send, record) into smtp-sink, and sends the same
        // number of messages of the same size with smtp-source over the same number of reused sessions into the same sink.
        var count = Arg(args, "--count", 10_000);
        var sessions = Arg(args, "--sessions", 4);
        var batch = Arg(args, "--batch", AppBatchSize);
        using var scratch = new ScratchFolder("bench");
        var folder = scratch.Path;
        using var sink = new SmtpSink();
        await using var app = App(folder, [.. MailSettings(sink, sessions, batch, "invitations@bench.example.org"), .. Overrides(args)]);
        var services = app.Services;

        Console.WriteLine($"Roundtable outbox benchmark: {count:N0} invitations, {sessions} SMTP sessions, claims of up to {batch} rows, smtp-sink on 127.0.0.1:{sink.Port}");
        // Warm-up: a server that has been running has its code compiled and optimized; 10,000 messages go out in about a
        // second, and without this a good part of it is spent in the JIT (tier-0 code, then the optimizing recompiles on a
        // background thread that shares the two cores). The measured delivery also waits for the JIT to go quiet.
        var warmUp = Arg(args, "--warm-up", 5_000);
        var jitWait = TimeSpan.Zero;
        for (var round = 1; warmUp > 0 && round <= 2; round++)
        {
            // Twice: the runtime starts counting calls towards the optimized recompile only once nothing new has been
            // compiled for a moment, so the first round compiles the code and the second gets most of it optimized.
            // What runs once a batch still recompiles during the measured delivery; the JIT line below shows how much.
            var (warmRoundtable, warmParticipations) = await SeedAsync(services, warmUp, $"warmup{round}");
            await SendAndDeliverAsync(services, warmRoundtable, warmParticipations);
            jitWait += WaitForJitToSettle();
        }
        // Then short mailings, four connections each: what runs once a connection (connecting, EHLO, QUIT) or once a
        // delivery run is optimized only after some sixty calls (thirty to instrument it, thirty more to optimize it),
        // which a server that has been mailing for a while has long made, and which the measured rounds would otherwise
        // cross: with ten such mailings, the JIT still compiled 20-65 methods in each measured round, for up to 130 ms
        // of CPU at the app's priority, above the delivery's. With sixty, it compiles 0-3.
        var shortWarmUps = Arg(args, "--short-warm-ups", ShortWarmUps);
        for (var run = 1; warmUp > 0 && run <= shortWarmUps; run++)
        {
            var (warmRoundtable, warmParticipations) = await SeedAsync(services, ShortWarmUpSize, $"warmup-short{run}");
            await SendAndDeliverAsync(services, warmRoundtable, warmParticipations);
        }
        jitWait += WaitForJitToSettle();
        // Rounds: this machine's speed moves by a tenth or more from one minute to the next (smtp-source alone does
        // 10,700 to 14,700 a second), so each round measures smtp-source right before and right after the outbox's
        // delivery, and the figures are the medians of the rounds. Nine of them: a run of five moved its median by 0.05
        // either way from one run to the next on the same code.
        var rounds = Math.Max(1, Arg(args, "--rounds", 9));
        var results = new List<Round>(rounds);
        var sent = new Dictionary<string, long>();
        var (size, source, mailKit, floor) = (0, 0.0, 0.0, 0.0);
        for (var round = 1; round <= rounds; round++)
        {
            var (roundtableId, participations) = await SeedAsync(services, count, $"invitee{round}");
            var enqueue = Stopwatch.StartNew();
            var mailingId = await SendAsync(services, roundtableId, participations);
            enqueue.Stop();
            size = AverageSize(services, mailingId);
            if (round == 1)
            {
                mailKit = MailKitAlone(services, mailingId, count, sessions, unchanged: false);
                floor = MailKitAlone(services, mailingId, count, sessions, unchanged: true);
            }
            jitWait += WaitForJitToSettle();
            var before = round == 1 ? sink.SmtpSource(count, sessions, size) : source;
            var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var (allocatedBefore, gcsBefore) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
            var drain = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DeliverMailingJob>().RunAsync(mailingId, CancellationToken.None);
            }
            drain.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var (allocated, gcs) = (GC.GetTotalAllocatedBytes() - allocatedBefore, GC.CollectionCount(0) - gcsBefore);
            (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods, System.Runtime.JitInfo.GetCompilationTime() - jitTime);
            source = sink.SmtpSource(count, sessions, size);
            var r = new Round(count / drain.Elapsed.TotalSeconds, (before + source) / 2, enqueue.Elapsed, drain.Elapsed, cpu.TotalMilliseconds / count);
            results.Add(r);
            Console.WriteLine($"  round {round}: delivery {r.Delivery,7:N0} msg/s; smtp-source {before,7:N0} before, {source,7:N0} after; ratio {r.Ratio:F2}; " +
                $"CPU {r.CpuMs:F3} ms/msg; {allocated / 1024.0 / count:F1} KB allocated/msg, {gcs} GCs; JIT {jitMethods} methods, {jitTime.TotalMilliseconds:N0} ms");

            await using var check = await services.GetRequiredService<Db>().OpenAsync();
            foreach (var (status, n) in await check.QueryAsync<(string, long)>("SELECT status, COUNT(*) FROM outbox WHERE mailing_id = @id GROUP BY status", new { id = mailingId }))
            {
                sent[status] = sent.GetValueOrDefault(status) + n;
            }
        }

        var ours = Median(results.Select(r => r.Delivery));
        var sourceRate = Median(results.Select(r => r.Source));
        var enqueueSeconds = Median(results.Select(r => r.Enqueue.TotalSeconds));
        var endToEnd = Median(results.Select(r => count / (r.Enqueue + r.Drain).TotalSeconds));
        Console.WriteLine($"  outbox rows: {string.Join(", ", sent.Select(kv => $"{kv.Key}={kv.Value:N0}"))}; average message {size:N0} bytes");
        Console.WriteLine($"  medians of {rounds} round(s):");
        Console.WriteLine($"  render + enqueue {count:N0} invitations:  {enqueueSeconds,7:F2} s  ({count / enqueueSeconds,8:N0} /s)");
        Console.WriteLine($"  outbox delivery (claim, send, record):            ({ours,8:N0} msg/s)");
        Console.WriteLine($"  outbox end to end (enqueue + delivery):            ({endToEnd,8:N0} msg/s)");
        Console.WriteLine($"  smtp-source -d -s {sessions} -l {size}, around each delivery: ({sourceRate,8:N0} msg/s)");
        Console.WriteLine($"  MailKit alone, same messages, no outbox: {mailKit,8:N0} msg/s  (the SMTP client's own ceiling here; round 1)");
        Console.WriteLine($"  MailKit floor, one built message re-sent: {floor,8:N0} msg/s  (MailKit's protocol path alone; round 1)");
        Console.WriteLine($"  delivery CPU: {Median(results.Select(r => r.CpuMs)):F3} ms per message over {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  warm-up: twice {warmUp:N0} invitations, then {shortWarmUps} mailings of {ShortWarmUpSize}, delivered first; waited {jitWait.TotalSeconds:F1} s in all for the JIT to settle");
        Console.WriteLine($"  ratio delivery / MailKit alone:         {ours / mailKit:F2}");
        Console.WriteLine($"  ratio delivery / smtp-source:           {Median(results.Select(r => r.Ratio)):F2}   (median of the rounds' ratios; target >= 0.80)");
        var ratios = results.Select(r => r.Ratio).ToList();
        var mean = ratios.Average();
        var standardError = ratios.Count > 1 ? Math.Sqrt(ratios.Sum(x => (x - mean) * (x - mean)) / (ratios.Count - 1) / ratios.Count) : 0;
        Console.WriteLine($"                                          {mean:F2} ± {standardError:F2}   (mean ± standard error; {ratios.Count(x => x >= 0.8)} of {ratios.Count} rounds >= 0.80)");
        Console.WriteLine($"  ratio end to end / smtp-source:         {endToEnd / sourceRate:F2}");
        Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB; managed heap now {GC.GetTotalMemory(false) / 1048576.0:N0} MiB");
        return sent.Count == 1 && sent.GetValueOrDefault("sent") == (long)count * rounds ? 0 : 1;
    }

    private const int ShortWarmUps = 60;
    private const int ShortWarmUpSize = 100;

    /// <summary>One measured delivery, and smtp-source's rate around it (the mean of its runs right before and after).</summary>
    private sealed record Round(double Delivery, double Source, TimeSpan Enqueue, TimeSpan Drain, double CpuMs)
    {
        public double Ratio => Delivery / Source;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The app in process on a fresh SQLite file in <paramref name="folder"/>; the benchmark runs the jobs itself.</summary>
    internal static WebApplicationFactory<Program> App(string folder, IEnumerable<(string Key, string Value)> settings, Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseContentRoot(WebProjectFolder());
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(folder, "roundtable.db")}");
            b.UseSetting("DataProtection:KeysPath", Path.Combine(folder, "keys"));
            b.UseSetting("Jobs:StoragePath", Path.Combine(folder, "hangfire.db"));
            b.UseSetting("Jobs:Server", "false");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
            if (services is not null)
            {
                b.ConfigureServices(services);
            }
        });

    /// <summary>The app's default Mail:BatchSize: unless told otherwise (--batch), the mail benchmarks measure what a server runs.</summary>
    internal static int AppBatchSize => new Roundtable.Web.Infrastructure.Mail.MailSettings().BatchSize;

    /// <summary>Mail into the loopback sink with the given sessions and claim batch.</summary>
    internal static IEnumerable<(string, string)> MailSettings(SmtpSink sink, int sessions, int batch, string from) =>
    [
        ("Mail:Host", "127.0.0.1"),
        ("Mail:Port", sink.Port.ToString(CultureInfo.InvariantCulture)),
        ("Mail:Security", "None"),
        ("Mail:From", from),
        ("Mail:Connections", sessions.ToString(CultureInfo.InvariantCulture)),
        ("Mail:BatchSize", batch.ToString(CultureInfo.InvariantCulture)),
    ];

    internal static string WebProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Roundtable.Web");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("src/Roundtable.Web not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Any app setting, e.g. --set Mail:Pipelining=false.</summary>
    internal static IEnumerable<(string, string)> Overrides(string[] args) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1].Split('=', 2)).Select(kv => (kv[0], kv.Length > 1 ? kv[1] : ""));

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Waits (at most 10 s) until no method has been compiled for half a second; returns how long it waited.</summary>
    private static TimeSpan WaitForJitToSettle()
    {
        var watch = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(500);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                break;
            }
            compiled = now;
        }
        return watch.Elapsed;
    }

    /// <summary>Renders and queues the invitations (what the organizer's "Send" does); returns the mailing.</summary>
    internal static async Task<long> SendAsync(IServiceProvider services, long roundtableId, List<long> participations)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SendInvitations>().HandleAsync(roundtableId, participations, false, null, CancellationToken.None);
        return (result.Value ?? throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Message)))).MailingId;
    }

    private static async Task SendAndDeliverAsync(IServiceProvider services, long roundtableId, List<long> participations)
    {
        var mailingId = await SendAsync(services, roundtableId, participations);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverMailingJob>().RunAsync(mailingId, CancellationToken.None);
    }

    /// <summary>A roundtable with <paramref name="count"/> invited participants; <paramref name="tag"/> keeps each call's people apart.</summary>
    internal static async Task<(long, List<long>)> SeedAsync(IServiceProvider services, int count, string tag)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        var now = DateTime.UtcNow;
        long userId;
        await using (var conn = await db.OpenAsync())
        {
            userId = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO users (email, email_normalized, display_name, role, password_hash, security_stamp, created_at)
                VALUES (@email, @normalized, 'Bench', 'organizer', 'x', 'x', @now) RETURNING id
                """, new { email = $"bench-{tag}@bench.example.org", normalized = $"BENCH-{tag.ToUpperInvariant()}@BENCH.EXAMPLE.ORG", now });
        }
        var roundtableId = await scope.ServiceProvider.GetRequiredService<CreateRoundtable>().HandleAsync(new RoundtableForm
        {
            Title = "Benchmark Roundtable on Northern Security", StartDate = DateOnly.FromDateTime(now).AddDays(60),
            StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(17, 0), TimeZone = "Europe/Oslo", Venue = "Fram Centre, Tromsø",
            HostOrganization = "Meridian Institute", Purpose = "To measure how fast the outbox mails invitations.",
        }, userId, CancellationToken.None);
        var ids = new List<long>(count);
        await using (var conn = await db.OpenAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            for (var i = 0; i < count; i++)
            {
                var personId = await conn.ExecuteScalarAsync<long>("""
                    INSERT INTO people (honorific, full_name, name_in_print, surname, sort_name, email, email_normalized, created_at, updated_at)
                    VALUES ('Dr.', @name, @name, @surname, @surname, @email, @normalized, @now, @now) RETURNING id
                    """, new { name = $"Invitee Number{i:00000}", surname = $"Number{i:00000}", email = $"{tag}{i:00000}@bench.example.org",
                        normalized = $"{tag.ToUpperInvariant()}{i:00000}@BENCH.EXAMPLE.ORG", now }, tx);
                var participationId = await conn.ExecuteScalarAsync<long>("""
                    INSERT INTO participations (roundtable_id, person_id, created_at) VALUES (@roundtableId, @personId, @now) RETURNING id
                    """, new { roundtableId, personId, now }, tx);
                await conn.ExecuteAsync("INSERT INTO participation_roles (participation_id, role) VALUES (@participationId, 'participant')", new { participationId }, tx);
                ids.Add(participationId);
            }
            await tx.CommitAsync();
        }
        return (roundtableId, ids);
    }

    /// <summary>
    /// The same kind of messages straight through MailKit on reused connections: no claims, no bookkeeping. With
    /// <paramref name="unchanged"/> each session builds one message and sends it unchanged every time, which leaves
    /// only MailKit's own per-message path (commands, replies, SIZE measuring, dot-stuffing): the most any client built
    /// on it can reach here.
    /// </summary>
    private static double MailKitAlone(IServiceProvider services, long mailingId, int count, int sessions, bool unchanged)
    {
        var builder = services.GetRequiredService<MessageBuilder>();
        var transport = services.GetRequiredService<Roundtable.Web.Infrastructure.Mail.IMailTransport>();
        var rows = services.GetRequiredService<OutboxClaims>().Peek(mailingId, 200);
        var next = -1;
        var watch = Stopwatch.StartNew();
        // Like delivery workers: a thread and a connection per session, one message refilled for each recipient.
        var threads = Enumerable.Range(0, sessions).Select(_ => new Thread(() =>
        {
            using var connection = transport.Connect(CancellationToken.None);
            using var message = builder.Build(rows[0], []);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                connection.Send(unchanged ? message : builder.Build(rows[i % rows.Count], [], message), CancellationToken.None);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count / watch.Elapsed.TotalSeconds;
    }

    private static int AverageSize(IServiceProvider services, long mailingId)
    {
        var builder = services.GetRequiredService<MessageBuilder>();
        var rows = services.GetRequiredService<OutboxClaims>().Peek(mailingId, 50);
        var sizes = rows.Select(r =>
        {
            var message = builder.Build(r, []);
            message.Prepare(EncodingConstraint.EightBit);
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            return stream.Length;
        }).ToList();
        return (int)sizes.Average();
    }
}
