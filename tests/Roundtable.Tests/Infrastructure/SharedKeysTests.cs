using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Infrastructure;

/// <summary>A node of an installation whose data-protection keys live in the database.</summary>
public class KeysInDatabaseApp : AppFactory
{
    public KeysInDatabaseApp()
    {
    }

    protected KeysInDatabaseApp(AppFactory sameDatabaseAs) : base(sameDatabaseAs)
    {
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataProtection:Store"] = "Database" };
}

/// <summary>Two nodes behind a load balancer: the second starts after the first, on the same database.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public KeysInDatabaseApp First { get; } = new();

    public KeysInDatabaseApp Second { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _ = First.Services; // starts the first node: migrations and the first key
        Second = new SecondNode(First);
        _ = Second.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }

    private sealed class SecondNode(AppFactory first) : KeysInDatabaseApp(first);
}

/// <summary>
/// Cookies, antiforgery tokens, RSVP links and report links signed on one node are read on another: the key ring is
/// shared through the database (the default on PostgreSQL; set here on SQLite too, so both passes prove it).
/// </summary>
public sealed class SharedKeysTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task Both_nodes_use_the_one_key_the_first_node_created()
    {
        await using var conn = await nodes.First.Db.OpenAsync();
        var keys = (await conn.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
        var key = Assert.Single(keys);
        Assert.Contains("<key ", key);
    }

    [Fact]
    public async Task A_sign_in_form_from_one_node_posts_to_the_other_and_its_cookie_works_on_both()
    {
        await nodes.First.CreateUserAsync("lb-organizer@nodes.example.org", Roles.Organizer);
        using var first = nodes.First.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var second = nodes.Second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        var form = await first.GetAsync("/account/login");
        var antiforgeryCookie = Cookies(form);
        var page = await WebSession.ParseAsync(form);
        var token = ((IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "lb-organizer@nodes.example.org", ["Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var signedIn = await second.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Cookies(signedIn);
        Assert.Contains("roundtable.auth=", auth);

        foreach (var node in new[] { first, second })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/roundtables");
            request.Headers.Add("Cookie", auth);
            Assert.Equal(HttpStatusCode.OK, (await node.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public void An_rsvp_link_and_a_report_link_made_on_one_node_are_read_on_the_other()
    {
        var rsvp = nodes.First.Services.GetRequiredService<RsvpTokens>().Create(4242, DateTimeOffset.UtcNow.AddDays(3));
        Assert.Equal(4242, nodes.Second.Services.GetRequiredService<RsvpTokens>().Read(rsvp));
        var report = nodes.Second.Services.GetRequiredService<ReportLinks>().Token(7, 99);
        Assert.Equal(99, nodes.First.Services.GetRequiredService<ReportLinks>().Read(7, report));
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);
}
