using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Roundtable.Web.Infrastructure;

/// <summary>The "SignIn" section: how many password attempts one client address may make.</summary>
public sealed class SignInLimitSettings
{
    public const string Section = "SignIn";

    /// <summary>Password attempts (sign-in page and API, setup, password change) per address per minute.</summary>
    public int AttemptsPerMinute { get; set; } = 10;
}

/// <summary>
/// ASP.NET Core's rate limiter on every endpoint that checks a password, per client address (an IPv6 client by its
/// /64, which one machine usually owns whole). The per-account lockout stops guessing one account's password; this
/// stops one address from guessing across many accounts, and makes locking people out slow: five attempts lock an
/// account for 15 minutes, and one address gets ten attempts a minute in all. The address is the one the known
/// proxies forwarded (see <see cref="Proxies"/>), never a header anyone can send.
/// </summary>
public static class SignInLimits
{
    public const string Policy = "sign-in";

    public static void AddSignInLimits(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(SignInLimitSettings.Section).Get<SignInLimitSettings>() ?? new SignInLimitSettings();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(Policy, http => RateLimitPartition.GetSlidingWindowLimiter(ClientKey(http.Connection.RemoteIpAddress), _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = settings.AttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
            }));
        });
    }

    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
