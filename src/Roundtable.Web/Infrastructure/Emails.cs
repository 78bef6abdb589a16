using System.Net.Mail;

namespace Roundtable.Web.Infrastructure;

public static class Emails
{
    /// <summary>A single plain address (no display name) whose domain has a dot: what a mail relay will accept.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254)
        {
            return false;
        }
        var trimmed = value.Trim();
        return MailAddress.TryCreate(trimmed, out var address)
            && address.Address == trimmed
            && address.Host.Contains('.')
            && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');
    }

    public static string? Normalize(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
}

/// <summary>An optional email: empty is allowed, anything else must be a valid address.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionalEmailAttribute : ValidationAttribute
{
    public OptionalEmailAttribute() : base("Enter a valid email address, like name@example.org.") { }

    public override bool IsValid(object? value) =>
        value is null || (value is string s && (s.Trim().Length == 0 || Emails.IsValid(s)));
}
