using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The reverse proxies (a load balancer that terminates TLS) whose X-Forwarded-For and X-Forwarded-Proto the app
/// believes. With none configured the headers are ignored, so nobody can claim another address or scheme.
/// </summary>
public sealed class ProxySettings
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, comma-separated: "10.0.0.5, 10.0.0.6".</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Networks the proxies are in, comma-separated: "10.0.0.0/24".</summary>
    public string KnownNetworks { get; set; } = "";
}

/// <summary>The forwarded-headers options read at start-up (null: no proxy is believed), for the pipeline.</summary>
public sealed record KnownProxies(ForwardedHeadersOptions? Options);

public static class Proxies
{
    /// <summary>
    /// Reads the "Proxy" section; fails at start-up on an address or network that does not parse. Returns null when
    /// no proxy is configured.
    /// </summary>
    public static ForwardedHeadersOptions? ForwardedHeaders(IConfiguration configuration)
    {
        var settings = configuration.GetSection(ProxySettings.Section).Get<ProxySettings>() ?? new ProxySettings();
        var problems = new List<string>();
        var proxies = Parse<IPAddress>(settings.KnownProxies, "Proxy:KnownProxies", "an IP address", problems);
        var networks = Parse<System.Net.IPNetwork>(settings.KnownNetworks, "Proxy:KnownNetworks", "a network such as 10.0.0.0/24", problems);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(ProxySettings.Section, typeof(ProxySettings), problems);
        }
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return null;
        }
        // The client's address and the scheme it used (https at the proxy) are taken from the nearest proxy only;
        // the host is not: links in mails use Mail:PublicBaseUrl.
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        proxies.ForEach(options.KnownProxies.Add);
        networks.ForEach(options.KnownIPNetworks.Add);
        return options;
    }

    /// <summary>First in the pipeline: what follows (HSTS, the Secure flag of cookies) sees the scheme the user used.</summary>
    public static void UseKnownProxies(this WebApplication app, ForwardedHeadersOptions? options)
    {
        if (options is not null)
        {
            app.UseForwardedHeaders(options);
        }
    }

    /// <summary>The comma-separated values of one setting; each that does not parse adds a problem naming it.</summary>
    private static List<T> Parse<T>(string list, string setting, string expected, List<string> problems) where T : IParsable<T>
    {
        var values = new List<T>();
        foreach (var text in list.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (T.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
            else
            {
                problems.Add($"{setting}: \"{text}\" is not {expected}.");
            }
        }
        return values;
    }
}
