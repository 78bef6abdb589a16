namespace Roundtable.Web.Features.People;

public sealed class PersonForm
{
    [StringLength(60), Display(Name = "Honorific or rank")]
    public string? Honorific { get; set; }

    [Required(ErrorMessage = "The full name is required."), StringLength(200), Display(Name = "Full name")]
    public string FullName { get; set; } = "";

    [StringLength(200), Display(Name = "Name in print")]
    public string? NameInPrint { get; set; }

    [StringLength(100)]
    public string? Surname { get; set; }

    [StringLength(200), Display(Name = "Sort name")]
    public string? SortName { get; set; }

    [StringLength(200), Display(Name = "Short names")]
    public string? ShortNames { get; set; }

    [StringLength(200), Display(Name = "First-mention form")]
    public string? FirstMentionName { get; set; }

    [StringLength(100), Display(Name = "Short form")]
    public string? ShortForm { get; set; }

    [StringLength(200)]
    public string? Position { get; set; }

    [StringLength(200)]
    public string? Affiliation { get; set; }

    [OptionalEmail, StringLength(254)]
    public string? Email { get; set; }

    // Blank is no phone, as GET /api/people/{id} writes it ("phone": ""), so what the API answers can be PUT back.
    [StringLength(40), Phone]
    public string? Phone { get => phone; set => phone = string.IsNullOrWhiteSpace(value) ? null : value; }

    private string? phone;

    [StringLength(20000), Display(Name = "Biography (Markdown)")]
    public string? Biography { get; set; }
}

/// <summary>The values stored for a person, with the print names derived where the organizer left them empty.</summary>
public sealed class PersonValues
{
    public string Honorific { get; init; } = "";
    public string FullName { get; init; } = "";
    public string NameInPrint { get; init; } = "";
    public string Surname { get; init; } = "";
    public string SortName { get; init; } = "";
    public string ShortNames { get; init; } = "";
    public string FirstMentionName { get; init; } = "";
    public string ShortForm { get; init; } = "";
    public string Position { get; init; } = "";
    public string Affiliation { get; init; } = "";
    public string? Email { get; init; }
    public string? EmailNormalized { get; init; }
    public string Phone { get; init; } = "";
    public string Biography { get; init; } = "";

    public static PersonValues From(PersonForm form)
    {
        var fullName = Clean(form.FullName);
        var inPrint = Clean(form.NameInPrint) is { Length: > 0 } p ? p : fullName;
        var surname = Clean(form.Surname) is { Length: > 0 } s ? s : LastWord(inPrint);
        var sortName = Clean(form.SortName) is { Length: > 0 } so ? so : SortNameOf(inPrint, surname);
        var shortNames = string.Join(", ", (form.ShortNames ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase));
        var email = Clean(form.Email);
        return new PersonValues
        {
            Honorific = Clean(form.Honorific),
            FullName = fullName,
            NameInPrint = inPrint,
            Surname = surname,
            SortName = sortName,
            ShortNames = shortNames,
            FirstMentionName = Clean(form.FirstMentionName),
            ShortForm = Clean(form.ShortForm),
            Position = Clean(form.Position),
            Affiliation = Clean(form.Affiliation),
            Email = email.Length == 0 ? null : email,
            EmailNormalized = Emails.Normalize(email),
            Phone = Clean(form.Phone),
            Biography = (form.Biography ?? "").Trim(),
        };
    }

    /// <summary>A biography is printed in the report, so it may show no image from an address either.</summary>
    public static FieldError? RefuseImage(PersonForm form) => Markdown.RefuseLinkedImage(nameof(form.Biography), "the biography", form.Biography);

    private static string Clean(string? value) => string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase) { "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "PhD", "Ph.D." };

    private static string LastWord(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimEnd(',')).ToList();
        while (words.Count > 1 && Suffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }
        return words.Count == 0 ? "" : words[^1];
    }

    private static string SortNameOf(string inPrint, string surname)
    {
        var at = inPrint.LastIndexOf(surname, StringComparison.Ordinal);
        if (at <= 0)
        {
            return inPrint;
        }
        var rest = (inPrint[..at] + inPrint[(at + surname.Length)..]).Trim().Trim(',').Trim();
        return rest.Length == 0 ? surname : $"{surname}, {rest}";
    }
}
