using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Roundtable.Web.Features.Demo;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// The mail-out job's report mailing: the demo report's real edition (Chromium PDF) mailed to N recipients into
/// smtp-sink, against smtp-source sending as many messages of the same size over as many reused sessions into the same
/// sink. Memory is sampled over the whole mail-out (queue and delivery), so runs at 10,000 and 100,000 compare.
/// </summary>
public static class ReportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Bench.Arg(args, "--count", 10_000);
        var sessions = Bench.Arg(args, "--sessions", 4);
        var batch = Bench.Arg(args, "--batch", Bench.AppBatchSize);
        var compare = !args.Contains("--no-source");
        using var scratch = new ScratchFolder("report-bench");
        var folder = scratch.Path;
        using var sink = new SmtpSink();
        // --null-smtp: the outbox's own cost (claim, build, record) with a transport that accepts every message unsent.
        await using var app = Bench.App(folder, [.. Bench.MailSettings(sink, sessions, batch, "reports@bench.example.org"), .. Bench.Overrides(args)],
            args.Contains("--null-smtp") ? s => s.AddSingleton<Roundtable.Web.Infrastructure.Mail.IMailTransport, NullTransport>() : null);
        var services = app.Services;
        Console.WriteLine($"Roundtable report mail-out benchmark: {count:N0} recipients, {sessions} SMTP sessions, claims of up to {batch} rows, smtp-sink on 127.0.0.1:{sink.Port}");
        var runId = await SeedAsync(services, count);

        using var sampler = new MemorySampler();
        var job = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailOutJob>().RunAsync(runId, CancellationToken.None);
        }
        job.Stop();
        var run = (await services.CreateAsyncScope().ServiceProvider.GetRequiredService<GetMailOutRun>().HandleAsync(runId, CancellationToken.None))!;
        if (run.ReportMailingId is not { } mailingId)
        {
            Console.WriteLine($"  the job stopped: {run.Problem}");
            return 1;
        }
        var (size, pdf) = await MessageSizeAsync(services, mailingId);
        var before = compare ? sink.SmtpSource(count, sessions, size) : 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var drain = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliverMailingJob>().RunAsync(mailingId, CancellationToken.None);
        }
        drain.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var (peakSet, peakHeap) = sampler.Stop();
        var after = compare ? sink.SmtpSource(count, sessions, size) : 0;

        await using var check = await services.GetRequiredService<Db>().OpenAsync();
        var counts = (await check.QueryAsync<(string, long)>("SELECT status, COUNT(*) FROM outbox WHERE mailing_id = @mailingId GROUP BY status", new { mailingId }))
            .ToDictionary(r => r.Item1, r => r.Item2);
        var steps = (await check.QueryAsync<string>("SELECT step || ': ' || detail FROM followup_steps WHERE run_id = @runId ORDER BY id", new { runId })).ToList();
        var ours = count / drain.Elapsed.TotalSeconds;
        var endToEnd = count / (drain.Elapsed + job.Elapsed).TotalSeconds;
        var source = (before + after) / 2;
        steps.ForEach(s => Console.WriteLine("  job: " + s));
        Console.WriteLine($"  outbox rows: {string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value:N0}"))}; PDF {pdf / 1024.0:N0} KB, message {size / 1024.0:N0} KB");
        Console.WriteLine($"  mail-out job (publish + render and queue {count:N0}): {job.Elapsed.TotalSeconds,7:F2} s ({count / job.Elapsed.TotalSeconds,8:N0} recipients/s)");
        Console.WriteLine($"  outbox delivery (claim, send, record):  {drain.Elapsed.TotalSeconds,7:F2} s ({ours,8:N0} msg/s, {ours * size / 1048576.0:N0} MiB/s)");
        if (compare)
        {
            Console.WriteLine($"  smtp-source -d -s {sessions} -m {count} -l {size}: before {before:N0} msg/s, after {after:N0} msg/s, mean {source:N0} msg/s");
            Console.WriteLine($"  ratio delivery / smtp-source:            {ours / source:F2}   (target >= 0.80)");
            Console.WriteLine($"  ratio end to end (job + delivery) / smtp-source: {endToEnd / source:F2}");
        }
        Console.WriteLine($"  delivery CPU: {cpu.TotalMilliseconds / count:F3} ms and {allocated / count / 1024.0:N0} KB allocated per message, {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  peak during the mail-out: working set {peakSet / 1048576.0:N0} MiB, managed heap {peakHeap / 1048576.0:N0} MiB; database {new FileInfo(Path.Combine(folder, "roundtable.db")).Length / 1048576.0:N0} MiB");
        return counts.GetValueOrDefault("sent") == count ? 0 : 1;
    }

    /// <summary>
    /// The demo (a real report) and a run ready to start, then attendees up to <paramref name="count"/> recipients with an
    /// address. The edition is assembled before the readers join and the run mails that edition (a mail-out only ever
    /// mails an edition already assembled), so what is measured is the mail path.
    /// </summary>
    private static async Task<long> SeedAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<SeedDemo>().HandleAsync("benchmark-password", CancellationToken.None);
        const long roundtableId = 1;
        var db = sp.GetRequiredService<Db>();
        long userId;
        await using (var conn = await db.OpenAsync())
        {
            userId = await conn.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email_normalized = 'VOSS@MERIDIAN.EXAMPLE.ORG'");
        }
        var assembled = await sp.GetRequiredService<Roundtable.Web.Features.Reports.AssembleEdition>().HandleAsync(roundtableId, userId, CancellationToken.None);
        var plan = await sp.GetRequiredService<PlanMailOut>().HandleAsync(roundtableId, new MailOutForm
        {
            Action = "save", Edition = assembled.Value!.Number,
            OverrideReason = "Benchmark: the demo's draft proceedings are published as they stand.", InviteFollowUp = false,
        }, userId, CancellationToken.None);
        var now = DateTime.UtcNow;
        await using (var conn = await db.OpenAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var existing = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.roundtable_id = 1 AND p.email IS NOT NULL", transaction: tx);
            for (var i = 0; i < count - existing; i++)
            {
                var personId = await conn.ExecuteScalarAsync<long>("""
                    INSERT INTO people (honorific, full_name, name_in_print, surname, sort_name, email, email_normalized, created_at, updated_at)
                    VALUES ('Dr.', @name, @name, @surname, @surname, @email, @normalized, @now, @now) RETURNING id
                    """, new { name = $"Reader Number{i:000000}", surname = $"Number{i:000000}", email = $"reader{i:000000}@bench.example.org",
                        normalized = $"READER{i:000000}@BENCH.EXAMPLE.ORG", now }, tx);
                var participationId = await conn.ExecuteScalarAsync<long>("""
                    INSERT INTO participations (roundtable_id, person_id, attended, invitation_status, created_at) VALUES (@roundtableId, @personId, @yes, 'accepted', @now) RETURNING id
                    """, new { roundtableId, personId, yes = true, now }, tx);
                await conn.ExecuteAsync("INSERT INTO participation_roles (participation_id, role) VALUES (@participationId, 'participant')", new { participationId }, tx);
            }
            await conn.ExecuteAsync("UPDATE followup_runs SET status = 'running' WHERE id = @id", new { id = plan.Value!.Id }, tx);
            await tx.CommitAsync();
        }
        return plan.Value.Id;
    }

    private static async Task<(int Size, long Pdf)> MessageSizeAsync(IServiceProvider services, long mailingId)
    {
        var builder = services.GetRequiredService<MessageBuilder>();
        var attachments = await builder.AttachmentsAsync(mailingId, CancellationToken.None);
        var row = services.GetRequiredService<OutboxClaims>().Peek(mailingId, 1)[0];
        var message = builder.Build(row, attachments);
        message.Prepare(EncodingConstraint.EightBit);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return ((int)stream.Length, attachments.Sum(a => (long)a.Content.Length));
    }

    private sealed class NullTransport : Roundtable.Web.Infrastructure.Mail.IMailTransport
    {
        public Roundtable.Web.Infrastructure.Mail.IMailConnection Connect(CancellationToken ct) => new Connection();

        private sealed class Connection : Roundtable.Web.Infrastructure.Mail.IMailConnection
        {
            public bool IsConnected => true;

            private static readonly FormatOptions Wire = new() { NewLineFormat = NewLineFormat.Dos };

            public string Send(MimeMessage message, CancellationToken ct)
            {
                message.WriteTo(Wire, Stream.Null, ct);
                return "250 2.0.0 Ok";
            }

            public void Dispose()
            {
            }
        }
    }

    /// <summary>Samples the working set and the managed heap every 50 ms and keeps the highest.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;
        private long peakSet;
        private long peakHeap;

        public MemorySampler() => loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakSet = Math.Max(peakSet, Environment.WorkingSet);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(50);
            }
        });

        public (long WorkingSet, long Heap) Stop()
        {
            stop.Cancel();
            loop.Wait();
            return (peakSet, peakHeap);
        }

        public void Dispose() => stop.Dispose();
    }
}
