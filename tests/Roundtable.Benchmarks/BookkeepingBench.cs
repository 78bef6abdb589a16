using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// The outbox's database work alone: workers claim a queued mailing's rows, read their content and record them sent,
/// batch by batch as delivery does, with nothing built or sent. Prints the CPU a message's bookkeeping costs: the part
/// of delivery's CPU that "MailKit alone" in the invitations benchmark does not spend.
/// </summary>
public static class BookkeepingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Bench.Arg(args, "--count", 10_000);
        var workers = Bench.Arg(args, "--workers", 4);
        var batch = Bench.Arg(args, "--batch", Bench.AppBatchSize);
        var rounds = Bench.Arg(args, "--rounds", 5);
        using var scratch = new ScratchFolder("bookkeeping-bench");
        var folder = scratch.Path;
        await using var app = Bench.App(folder, [("Mail:Host", "127.0.0.1"), ("Mail:Port", "25"), ("Mail:Security", "None"),
            ("Mail:From", "invitations@bench.example.org"), ("Mail:BatchSize", batch.ToString(CultureInfo.InvariantCulture)), .. Bench.Overrides(args)]);
        var services = app.Services;
        var claims = services.GetRequiredService<OutboxClaims>();
        Console.WriteLine($"Roundtable outbox bookkeeping benchmark: {count:N0} messages, workers: {workers}, claim batch {batch}");
        var cpus = new List<double>();
        // All mailings are queued first, so a profile of the run's end holds only the bookkeeping.
        var mailings = new List<long>();
        for (var round = 0; round <= rounds; round++)
        {
            var (roundtableId, participations) = await Bench.SeedAsync(services, count, $"book{round}");
            mailings.Add(await Bench.SendAsync(services, roundtableId, participations));
        }
        Thread.Sleep(1000);
        for (var round = 0; round <= rounds; round++)
        {
            var mailingId = mailings[round];
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
            {
                var token = OutboxClaims.NewToken();
                var claimed = claims.Claim(mailingId, token, batch, CancellationToken.None);
                while (claimed.Count > 0)
                {
                    var outcomes = claimed.Select(m => claims.Sent(m, "250 2.0.0 Ok: queued as 4Fq1k2Zb3cT")).ToList();
                    claimed = claims.RecordAndClaim(mailingId, token, outcomes, [], batch);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            watch.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / count;
            Console.WriteLine($"  {(round == 0 ? "warm-up" : $"round {round}")}: {count / watch.Elapsed.TotalSeconds,8:N0} msg/s, CPU {cpu:F1} µs/msg");
            if (round > 0)
            {
                cpus.Add(cpu);
            }
        }
        cpus.Sort();
        Console.WriteLine($"  median CPU {cpus[cpus.Count / 2]:F1} µs/msg (min {cpus[0]:F1}, max {cpus[^1]:F1})");
        await using var check = await services.GetRequiredService<Db>().OpenAsync();
        var sent = await check.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND mailing_id IN (SELECT value FROM json_each(@ids))",
            new { ids = System.Text.Json.JsonSerializer.Serialize(mailings) });
        Console.WriteLine($"  outbox rows recorded sent: {sent:N0} of {(long)count * mailings.Count:N0}");
        return sent == (long)count * mailings.Count ? 0 : 1;
    }
}
