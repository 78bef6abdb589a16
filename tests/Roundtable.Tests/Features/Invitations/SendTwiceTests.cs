using AngleSharp.Html.Dom;
using Dapper;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.Invitations;

/// <summary>The invitations form sent twice (a double click, a resent page) makes one mailing.</summary>
public sealed class SendTwiceTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    [Fact]
    public async Task The_same_page_sent_twice_queues_each_invitation_once_and_says_so()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Twice", 2);
        using var web = await app.SignInAsync("org-twice@tests.example.org");
        var url = $"/roundtables/{roundtableId}/invitations";
        var page = await web.GetPageAsync(url);
        var key = ((IHtmlInputElement)page.QuerySelector("#send-invitations input[name=sendKey]")!).Value;
        var ticked = participations.Select(p => KeyValuePair.Create("participationIds", p.ToString()));
        var fields = new Dictionary<string, string> { ["sendKey"] = key };

        var first = await web.SubmitAsync(url, $"{url}/send", fields, ticked);
        var second = await web.SubmitAsync(url, $"{url}/send", fields, ticked);

        Assert.Contains("2 invitations queued", first.QuerySelector(".flash")!.TextContent);
        Assert.Contains("sent already", second.QuerySelector(".flash")!.TextContent);
        Assert.Equal(first.Url, second.Url); // the same mailing's page
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailings WHERE roundtable_id = @roundtableId", new { roundtableId }));
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @roundtableId", new { roundtableId }));

        // The page shown afresh lists nobody (both are invited), and has a new key: sending from it is a new mailing.
        var fresh = await web.GetPageAsync(url);
        Assert.Null(fresh.QuerySelector("#invitees"));
        Assert.NotEqual(key, ((IHtmlInputElement)fresh.QuerySelector("#send-invitations input[name=sendKey]")!).Value);
        // The picker sent with no box ticked means any status: both are listed again.
        var any = await web.GetPageAsync($"{url}?picked=1");
        Assert.Equal(2, any.QuerySelectorAll("#invitees tbody tr").Length);
    }
}
