using System.Text.RegularExpressions;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reconvene;

/// <summary>A follow-up roundtable: its details, who carries over from the parent, who is added, which open questions become its agenda.</summary>
public sealed class ReconveneForm
{
    public RoundtableForm Details { get; set; } = new();

    /// <summary>Participation ids in the parent roundtable.</summary>
    public List<long> CarryOver { get; set; } = [];

    /// <summary>People from the directory who were not at the parent roundtable.</summary>
    public List<long> AddPeople { get; set; } = [];

    [StringLength(20000), Display(Name = "New people")]
    public string? NewPeople { get; set; }

    /// <summary>Open question ids of the parent: each becomes a presentation of the draft agenda.</summary>
    public List<long> Questions { get; set; } = [];
}

/// <summary>A person typed in on the reconvene form, one a line: "Full Name &lt;email&gt;" or just "Full Name".</summary>
public sealed record NewInvitee(string FullName, string? Email);

public static partial class NewInviteeLines
{
    [GeneratedRegex(@"^(?<name>[^<>,;]*?)\s*(?:[<,;]\s*(?<email>[^<>\s,;]+)\s*>?)?\s*$")]
    private static partial Regex Line();

    public static (IReadOnlyList<NewInvitee> People, IReadOnlyList<FieldError> Errors) Parse(string? text, string field)
    {
        var people = new List<NewInvitee>();
        var errors = new List<FieldError>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var m = Line().Match(lines[i]);
            var name = m.Success ? m.Groups["name"].Value.Trim() : "";
            var email = m.Success && m.Groups["email"].Success ? m.Groups["email"].Value.Trim() : null;
            if ((name.Length == 0 && email is not null) || (email is null && name.Contains('@')))
            {
                errors.Add(new FieldError(field, $"Line {i + 1}: write the person's name before the address, like “Ada Lovelace <ada@example.org>”."));
            }
            else if (!m.Success || name.Length == 0)
            {
                errors.Add(new FieldError(field, $"Line {i + 1}: “{lines[i]}” is not a name with an optional address, like “Ada Lovelace <ada@example.org>”."));
            }
            else if (email is not null && !Emails.IsValid(email))
            {
                errors.Add(new FieldError(field, $"Line {i + 1}: “{email}” is not a valid email address."));
            }
            else if (name.Length > 200)
            {
                errors.Add(new FieldError(field, $"Line {i + 1}: the name is longer than 200 characters."));
            }
            else
            {
                people.Add(new NewInvitee(name, email));
            }
        }
        return (people, errors);
    }
}
