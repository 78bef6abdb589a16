using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure;
using SmtpServer.Protocol;

namespace Roundtable.Tests.Features.Mailings;

/// <summary>
/// Message-IDs are unique beyond one database: built from row ids, they also carry the installation's random id, drawn
/// once with the database. A retry of one message keeps its Message-ID.
/// </summary>
public sealed class MessageIdTests
{
    private sealed class Node(AppFactory first) : AppFactory(first);

    private static async Task<(long MailingId, string Key, string MessageId)> FirstRowAsync(AppFactory app, long mailingId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.QuerySingleAsync<(long, string, string)>(
            "SELECT mailing_id, recipient_key, message_id FROM outbox WHERE mailing_id = @mailingId ORDER BY id LIMIT 1", new { mailingId });
    }

    [Fact]
    public async Task Two_fresh_databases_give_different_message_ids_to_the_same_row_ids()
    {
        await using var first = new DirectJobsAppFactory();
        await using var second = new DirectJobsAppFactory();
        var rows = new List<(long MailingId, string Key, string MessageId)>();
        foreach (var app in new[] { first, second })
        {
            var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Same", 1);
            rows.Add(await FirstRowAsync(app, (await app.InviteAsync(roundtableId, participations)).MailingId));
        }
        Assert.Equal((rows[0].MailingId, rows[0].Key), (rows[1].MailingId, rows[1].Key));
        Assert.NotEqual(rows[0].MessageId, rows[1].MessageId);
    }

    [Fact]
    public async Task A_retry_goes_out_with_the_message_id_it_was_queued_with_and_another_node_builds_the_same()
    {
        await using var app = new DirectJobsAppFactory();
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Retry", 1);
        var refusals = 0;
        app.Smtp.Rule = _ => Interlocked.Increment(ref refusals) <= 1 ? new SmtpResponse(SmtpReplyCode.Unavailable, "Try again later") : null;
        var sent = await app.InviteAsync(roundtableId, participations);
        var queued = await FirstRowAsync(app, sent.MailingId);
        await app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(sent.MailingId, CancellationToken.None); return true; });
        Assert.Empty(app.Smtp.Received);
        await Task.Delay(1300);
        await app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(sent.MailingId, CancellationToken.None); return true; });
        Assert.Equal(queued.MessageId, app.Smtp.Received.Single().MessageId);

        // A node started later on the same database (or this one after a restart) reads the same installation id.
        await using var node = new Node(app);
        Assert.EndsWith($".0.{node.Services.GetRequiredService<Installation>().Id}@institute.example.org", queued.MessageId);
    }
}
