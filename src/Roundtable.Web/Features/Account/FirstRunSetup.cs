using System.Security.Cryptography;

namespace Roundtable.Web.Features.Account;

/// <summary>
/// While no account exists, the first organizer is created on /setup with a one-time code
/// printed to the server log, so nobody who merely reaches the page can claim the installation.
/// </summary>
public sealed class FirstRunSetup
{
    public string Code { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));

    public bool Matches(string? code) =>
        code is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant()),
            System.Text.Encoding.UTF8.GetBytes(Code));
}
