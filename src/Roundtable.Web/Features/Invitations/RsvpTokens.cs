using Microsoft.AspNetCore.DataProtection;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>
/// Signed RSVP links: the token names one participation and expires the day after the roundtable ends. Forged,
/// altered and expired tokens all read as null.
/// </summary>
public sealed class RsvpTokens(IDataProtectionProvider protection, MailSettings mail)
{
    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("Roundtable.Rsvp.v1").ToTimeLimitedDataProtector();

    public string Create(long participationId, DateTimeOffset expires) =>
        protector.ProtectId(participationId, expires);

    public long? Read(string? token) => protector.ReadId(token);

    /// <summary>Midnight after the last day, in the roundtable's own time zone.</summary>
    public static DateTimeOffset ExpiryOf(GetRoundtable.Row rt)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(rt.TimeZone);
        var local = rt.End.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    public RsvpLinks Links(long participationId, GetRoundtable.Row rt)
    {
        var page = $"{mail.PublicBaseUrl.TrimEnd('/')}/rsvp/{Create(participationId, ExpiryOf(rt))}";
        return new RsvpLinks
        {
            Page = page,
            Accept = page + "?answer=accepted",
            Decline = page + "?answer=declined",
            Tentative = page + "?answer=tentative",
            Expires = rt.End,
        };
    }
}
