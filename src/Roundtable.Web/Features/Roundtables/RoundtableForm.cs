using System.Globalization;

namespace Roundtable.Web.Features.Roundtables;

public static class RoundtableStatus
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("planning", "Planning"),
        ("invitations_out", "Invitations out"),
        ("held", "Held"),
        ("proceedings", "Proceedings"),
        ("report_published", "Report published"),
    ];

    public static string Label(string value) => All.FirstOrDefault(s => s.Value == value).Label ?? value;

    public static bool IsKnown(string? value) => All.Any(s => s.Value == value);
}

public sealed class RoundtableForm : IValidatableObject
{
    [Required(ErrorMessage = "The title is required."), StringLength(300)]
    public string Title { get; set; } = "";

    [StringLength(300)]
    public string? Subtitle { get; set; }

    [Required(ErrorMessage = "The date is required."), Display(Name = "Date")]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "Last day (if more than one)")]
    public DateOnly? EndDate { get; set; }

    [Required(ErrorMessage = "The start time is required."), Display(Name = "Starts at")]
    public TimeOnly? StartTime { get; set; }

    [Required(ErrorMessage = "The end time is required."), Display(Name = "Ends at")]
    public TimeOnly? EndTime { get; set; }

    [Required, StringLength(64), TimeZoneId, Display(Name = "Time zone")]
    public string TimeZone { get; set; } = "America/New_York";

    [StringLength(300)]
    public string? Venue { get; set; }

    [StringLength(300), Display(Name = "Host organization")]
    public string? HostOrganization { get; set; }

    [StringLength(300), Display(Name = "Sponsoring program")]
    public string? SponsoringProgram { get; set; }

    [StringLength(20000), Display(Name = "Purpose (Markdown)")]
    public string? Purpose { get; set; }

    public string Status { get; set; } = "planning";

    /// <summary>
    /// The dates a roundtable may have. Pages add days and months to them (reminders, the calendar, report dates); a
    /// year such as 9999 was saved and then broke three pages.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1), LatestDate = new(2199, 12, 31);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (date, field, label) in new[] { (StartDate, nameof(StartDate), "The date"), (EndDate, nameof(EndDate), "The last day") })
        {
            if (date is { } d && (d < EarliestDate || d > LatestDate))
            {
                yield return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                    $"{label} must be between {EarliestDate:d MMMM yyyy} and {LatestDate:d MMMM yyyy}."), [field]);
            }
        }
        if (StartDate is { } start && EndDate is { } end && end < start)
        {
            yield return new ValidationResult("The last day cannot be before the first day.", [nameof(EndDate)]);
        }
        var sameDay = EndDate is null || EndDate == StartDate;
        if (sameDay && StartTime is { } st && EndTime is { } et && et <= st)
        {
            yield return new ValidationResult("The end time must be after the start time.", [nameof(EndTime)]);
        }
        if (!RoundtableStatus.IsKnown(Status))
        {
            yield return new ValidationResult("Choose a status from the list.", [nameof(Status)]);
        }
    }

    internal object ToParams(DateTime now) => new
    {
        Title = Title.Trim(),
        Subtitle = (Subtitle ?? "").Trim(),
        StartDate = StartDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        EndDate = (EndDate ?? StartDate!.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        StartTime = StartTime!.Value.ToString("HH:mm", CultureInfo.InvariantCulture),
        EndTime = EndTime!.Value.ToString("HH:mm", CultureInfo.InvariantCulture),
        TimeZone = TimeZone.Trim(),
        Venue = (Venue ?? "").Trim(),
        HostOrganization = (HostOrganization ?? "").Trim(),
        SponsoringProgram = (SponsoringProgram ?? "").Trim(),
        Purpose = (Purpose ?? "").Trim(),
        Status,
        now,
    };
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeZoneIdAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null || TimeZones.IsKnown(value as string)
            ? ValidationResult.Success
            : new ValidationResult($"“{value}” is not a known time zone; use a name like Europe/London or America/New_York.");
}

public static class TimeZones
{
    public static bool IsKnown(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _);

    public static IReadOnlyList<string> Common { get; } =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
        "America/Toronto", "America/Mexico_City", "America/Bogota", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
        "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Brussels", "Europe/Warsaw", "Europe/Oslo", "Europe/Helsinki",
        "Europe/Istanbul", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul",
        "Australia/Sydney", "Pacific/Auckland", "UTC",
    ];
}
