using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// A record's id carried in a signed link that expires (RSVP links, report-mail decline links): forged, altered and
/// expired tokens, and anything too long to be one, all read as null.
/// </summary>
public static class SignedIds
{
    public static string ProtectId(this ITimeLimitedDataProtector protector, long id, DateTimeOffset expires) =>
        protector.Protect(id.ToString(CultureInfo.InvariantCulture), expires);

    public static long? ReadId(this ITimeLimitedDataProtector protector, string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            return long.TryParse(protector.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
