using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>The app behind a load balancer that terminates TLS and says so in X-Forwarded-Proto.</summary>
public sealed class ProxyApp : AppFactory
{
    public string KnownProxies { get; init; } = "10.0.0.5";

    public string KnownNetworks { get; init; } = "";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Proxy:KnownProxies"] = KnownProxies,
        ["Proxy:KnownNetworks"] = KnownNetworks,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, ClientAddressFromTest>());
    }

    /// <summary>The in-memory test server has no client address: this one sets it from a test header, before the app runs.</summary>
    private sealed class ClientAddressFromTest : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                if (context.Request.Headers.TryGetValue(ForwardedHeadersTests.ClientAddress, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }
                return rest(context);
            });
            next(app);
        };
    }
}

public sealed class ForwardedHeadersTests(ProxyApp app) : IClassFixture<ProxyApp>
{
    public const string ClientAddress = "X-Test-Client-Address";

    /// <summary>Signs in with the JSON API from <paramref name="from"/>, claiming https; returns the sign-in cookie as set.</summary>
    private static async Task<string> SignInCookieAsync(AppFactory app, string email, string from)
    {
        await app.CreateUserAsync(email, Roles.Organizer);
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { email, password = AppFactory.Password }) };
        request.Headers.Add(ClientAddress, from);
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundtable.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Through_a_known_proxy_the_scheme_the_user_used_makes_the_sign_in_cookie_secure()
    {
        var cookie = await SignInCookieAsync(app, "proxied@proxy.example.org", "10.0.0.5");
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Anyone_else_claiming_https_is_not_believed()
    {
        var cookie = await SignInCookieAsync(app, "direct@proxy.example.org", "203.0.113.9");
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_no_proxy_configured_the_headers_are_ignored()
    {
        await using var plain = new ProxyApp { KnownProxies = "" };
        var cookie = await SignInCookieAsync(plain, "plain@proxy.example.org", "10.0.0.5");
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxy_in_a_known_network_is_believed()
    {
        await using var pool = new ProxyApp { KnownProxies = "", KnownNetworks = "10.0.0.0/24" };
        Assert.Contains("; secure", await SignInCookieAsync(pool, "pool@proxy.example.org", "10.0.0.77"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", await SignInCookieAsync(pool, "outside@proxy.example.org", "10.0.1.77"), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("10.0.0.5, proxy.internal", "", "Proxy:KnownProxies: \"proxy.internal\" is not an IP address.")]
    [InlineData("", "10.0.0.0/33", "Proxy:KnownNetworks: \"10.0.0.0/33\" is not a network such as 10.0.0.0/24.")]
    public async Task A_setting_that_does_not_parse_stops_the_start_with_the_setting_named(string proxies, string networks, string message)
    {
        await using var wrong = new ProxyApp { KnownProxies = proxies, KnownNetworks = networks };
        var e = Assert.ThrowsAny<Exception>(() => wrong.NewClient());
        Assert.Contains(message, e.ToString(), StringComparison.Ordinal);
    }
}
