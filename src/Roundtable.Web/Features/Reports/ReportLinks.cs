using Microsoft.AspNetCore.DataProtection;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Signed, expiring links that let one participant read the published report without an account.
/// The token names the roundtable and the participation; altering either breaks the signature.
/// </summary>
public sealed class ReportLinks(IDataProtectionProvider provider, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(730);

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector("Roundtable.ReportLink.v1").ToTimeLimitedDataProtector();

    public string Token(long roundtableId, long participationId) =>
        protector.Protect($"{roundtableId}:{participationId}", clock.GetUtcNow() + Lifetime);

    public string Path(long roundtableId, long participationId) => $"/reports/{roundtableId}?key={Uri.EscapeDataString(Token(roundtableId, participationId))}";

    /// <returns>The participation the link was made for, or null when the token is forged, altered, expired or for another roundtable.</returns>
    public long? Read(long roundtableId, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var parts = protector.Unprotect(token, out var expires).Split(':');
            if (expires < clock.GetUtcNow() || parts.Length != 2 || parts[0] != roundtableId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return null;
            }
            return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
