using System.Reflection;

namespace Roundtable.Web.Features.Account;

/// <summary>
/// What a new password must be: at least <see cref="MinLength"/> characters, not one of the 10,000 most common
/// passwords (common-passwords.txt, also with digits or symbols added at either end), not a run of a few repeated
/// characters, and not the account's email (whole, or its name part with digits or symbols around it).
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const string LengthMessage = "The password needs at least 10 characters.";

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <returns>null when the password is acceptable, else the reason to show.</returns>
    public static string? Check(string? password, string? email)
    {
        password ??= "";
        if (password.Length < MinLength)
        {
            return LengthMessage;
        }
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < 4)
        {
            return "The password repeats too few characters; choose one that is harder to guess.";
        }
        var address = (email ?? "").Trim().ToLowerInvariant();
        var local = address.Split('@')[0];
        var core = lower.Trim(Decorations);
        if (address.Length > 0 && (lower.Contains(address, StringComparison.Ordinal) || core == local || core == local.Replace(".", "")))
        {
            return "The password must not be the email address.";
        }
        if (Common.Value.Contains(lower) || Common.Value.Contains(core) || Common.Value.Contains(lower.TrimEnd(Decorations)) || Common.Value.Contains(lower.TrimStart(Decorations)))
        {
            return "This password is one of the most commonly used; choose another.";
        }
        return null;
    }

    // What people add to a common word to pass a rule: "password12", "!dragon2024".
    private static readonly char[] Decorations = "0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray();

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Roundtable.Web.Features.Account.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            {
                set.Add(line);
            }
        }
        return set;
    }
}
