using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Mailings;

namespace Roundtable.Tests.Features.Mailings;

/// <summary>
/// The outbox claims under concurrency, as several nodes use them: on PostgreSQL the claim is the FOR UPDATE SKIP
/// LOCKED statement, on SQLite the single-writer one. A claim is a lease that its worker renews; only an expired
/// lease is taken back.
/// </summary>
public sealed class OutboxClaimsTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private OutboxClaims Claims => app.Services.GetRequiredService<OutboxClaims>();

    private Task RecoverAfterRestartAsync(bool singleProcess) =>
        app.Run<SweepOutboxJob, bool>(async j => { await j.RecoverAfterRestartAsync(singleProcess, None); return true; });

    private async Task<Dictionary<long, string?>> TokensAsync(long mailingId)
    {
        await using var conn = await app.Db.OpenAsync();
        return (await conn.QueryAsync<(long Id, string? Token)>("SELECT id, claim_token FROM outbox WHERE mailing_id = @mailingId", new { mailingId }))
            .ToDictionary(r => r.Id, r => r.Token);
    }

    [Fact]
    public async Task Eight_workers_claiming_at_once_never_claim_the_same_row_twice()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Race", 240);
        var sent = await app.InviteAsync(roundtableId, participations);
        var claimed = new ConcurrentBag<long>();
        var perWorker = new ConcurrentDictionary<int, int>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var token = OutboxClaims.NewToken();
            while (true)
            {
                var batch = Claims.Claim(sent.MailingId, token, 7, None);
                if (batch.Count == 0)
                {
                    return;
                }
                foreach (var m in batch)
                {
                    claimed.Add(m.Id);
                }
                perWorker.AddOrUpdate(w, batch.Count, (_, n) => n + batch.Count);
                await Task.Delay(5); // sending the batch
                Claims.Record(token, batch.Select(m => Claims.Sent(m, "250 ok")).ToList(), []);
            }
        })));
        Assert.Equal(240, claimed.Count);
        Assert.Equal(240, claimed.Distinct().Count());
        Assert.True(perWorker.Count > 1, "the claims were not shared between workers");
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 240 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task Three_delivery_runs_at_once_send_every_recipient_exactly_once()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Three", 150);
        var sent = await app.InviteAsync(roundtableId, participations);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(sent.MailingId, None); return true; })));
        var received = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("three", StringComparison.Ordinal)).ToList();
        Assert.Equal(150, received.Count);
        Assert.Equal(150, received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 150 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task A_live_claim_is_not_taken_back_at_another_nodes_restart_and_an_expired_one_is()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Lease", 6);
        var sent = await app.InviteAsync(roundtableId, participations);
        var live = Claims.Claim(sent.MailingId, "live-node/1/a", 3, None);
        var dead = Claims.Claim(sent.MailingId, "dead-node/2/b", 3, None);
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE outbox SET claimed_until = @past WHERE claim_token = 'dead-node/2/b'", new { past = DateTime.UtcNow.AddMinutes(-1) });
        }

        // Several nodes on one database: a node starting takes back only what nobody holds any more.
        await RecoverAfterRestartAsync(singleProcess: false);
        var tokens = await TokensAsync(sent.MailingId);
        Assert.All(live, m => Assert.Equal("live-node/1/a", tokens[m.Id]));
        Assert.All(dead, m => Assert.Null(tokens[m.Id]));
        Assert.Equal(new Dictionary<string, int> { ["sending"] = 3, ["retrying"] = 3 }, await app.OutboxCountsAsync(sent.MailingId));

        // The live holder renews its lease and records its messages; the rows taken back are sent by someone else.
        Assert.Equal(live.Select(m => m.Id).ToHashSet(), Claims.Renew("live-node/1/a"));
        Assert.Empty(Claims.Renew("dead-node/2/b"));
        Claims.Record("live-node/1/a", live.Select(m => Claims.Sent(m, "250 ok")).ToList(), []);
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 3, ["retrying"] = 3 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task A_claim_token_names_the_process_that_holds_the_rows()
    {
        var token = OutboxClaims.NewToken();
        Assert.StartsWith($"{Environment.MachineName}/{Environment.ProcessId}/", token);
        Assert.NotEqual(token, OutboxClaims.NewToken());
    }
}

/// <summary>Leases of three seconds against a relay that takes 250 ms a message: every batch outlasts its first lease.</summary>
public sealed class SlowRelayAppFactory : MailAppFactory
{
    protected override bool RunJobs => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Mail:ClaimSeconds"] = "3",
        ["Mail:Connections"] = "1",
        ["Mail:BatchSize"] = "20",
    };
}

public sealed class ClaimLeaseTests(SlowRelayAppFactory app) : IClassFixture<SlowRelayAppFactory>
{
    [Fact]
    public async Task A_batch_slower_than_its_lease_renews_it_so_the_sweeper_takes_nothing_back_and_nothing_goes_twice()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Slow", 20);
        var sent = await app.InviteAsync(roundtableId, participations);
        app.Smtp.Delay = TimeSpan.FromMilliseconds(250);
        using var stop = new CancellationTokenSource();
        // The sweeper of another node, every half second, while the batch of 20 takes about five seconds.
        var sweeper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await app.Run<SweepOutboxJob, bool>(async j => { await j.RecoverAfterRestartAsync(singleProcess: false, CancellationToken.None); return true; });
                await Task.Delay(500);
            }
        });
        // Without renewal the run would chase its own rows for ever (taken back, claimed again, sent again): bound it.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(sent.MailingId, limit.Token); return true; });
        }
        catch (OperationCanceledException)
        {
        }
        await stop.CancelAsync();
        await sweeper;
        app.Smtp.Delay = TimeSpan.Zero;

        var received = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("slow", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, received.Count);
        Assert.Equal(20, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 20 }, await app.OutboxCountsAsync(sent.MailingId));
    }
}
