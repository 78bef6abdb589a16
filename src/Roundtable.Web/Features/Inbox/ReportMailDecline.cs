using Microsoft.AspNetCore.DataProtection;

namespace Roundtable.Web.Features.Inbox;

/// <summary>
/// Declining report mail: each report message carries a signed link naming the person (in the text and as
/// List-Unsubscribe, RFC 8058 one-click), which stops every further report mail from this installation to them.
/// Invitations still go: they are personal mail, not a list. The link works for two years; forged or altered links
/// read as nobody.
/// </summary>
public sealed class ReportMailDecline(IDataProtectionProvider protection, MailSettings mail, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(730);

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("Roundtable.ReportMailDecline.v1").ToTimeLimitedDataProtector();

    public string Url(long personId) =>
        $"{mail.PublicBaseUrl.TrimEnd('/')}/mail/decline/{protector.ProtectId(personId, clock.GetUtcNow() + Lifetime)}";

    public long? Read(string? token) => protector.ReadId(token);
}
