using System.Text.Json;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The part headings as this house prints them. Each has the usual default and can be changed per report; none may
/// be left empty. Stored as one JSON text with the report.
/// </summary>
public sealed class ReportHeadings
{
    private const string Empty = "A heading cannot be left empty: write the heading this report should print.";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Documentation page")]
    public string? Documentation { get; set; } = "Report Documentation Page";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Contents")]
    public string? Contents { get; set; } = "Contents";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Foreword")]
    public string? Foreword { get; set; } = "Foreword";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Rapporteurs' biographies")]
    public string? Rapporteurs { get; set; } = "Biographical Sketches of the Rapporteurs";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Participants' biographies")]
    public string? Participants { get; set; } = "Among the Participants";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Conference summary")]
    public string? Summary { get; set; } = "Conference Summary";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Policy implications")]
    public string? Implications { get; set; } = "Policy Implications";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Recommendations")]
    public string? Recommendations { get; set; } = "Where Should We Go from Here?";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Appendix")]
    public string? Appendix { get; set; } = "Appendix: Proceedings (Edited)";

    [Required(ErrorMessage = Empty), StringLength(120), Display(Name = "Discussion division")]
    public string? Discussion { get; set; } = "Discussion.";

    /// <summary>Each heading with its label, for the editor's form (the form field is <c>Headings.Name</c>).</summary>
    public IEnumerable<(string Name, string Label, string? Value)> Each() =>
        Fields.Select(f => (f.Property.Name, f.Label, (string?)f.Property.GetValue(this)));

    // Read once: the attributes were read again on every view of the report page.
    private static readonly (System.Reflection.PropertyInfo Property, string Label)[] Fields = typeof(ReportHeadings).GetProperties()
        .Select(p => (p, p.GetCustomAttributes(typeof(DisplayAttribute), false).OfType<DisplayAttribute>().First().Name ?? p.Name))
        .ToArray();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stored headings over the defaults; a heading stored empty (or never stored) is the default.</summary>
    public static ReportHeadings Parse(string? stored)
    {
        var defaults = new ReportHeadings();
        if (string.IsNullOrWhiteSpace(stored))
        {
            return defaults;
        }
        var saved = JsonSerializer.Deserialize<ReportHeadings>(stored, Json) ?? defaults;
        foreach (var p in typeof(ReportHeadings).GetProperties())
        {
            if (string.IsNullOrWhiteSpace((string?)p.GetValue(saved)))
            {
                p.SetValue(saved, p.GetValue(defaults));
            }
        }
        return saved;
    }

    public string Serialize()
    {
        foreach (var p in typeof(ReportHeadings).GetProperties())
        {
            p.SetValue(this, ((string?)p.GetValue(this))?.Trim());
        }
        return JsonSerializer.Serialize(this, Json);
    }
}
