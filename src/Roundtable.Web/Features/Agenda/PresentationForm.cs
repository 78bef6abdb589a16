namespace Roundtable.Web.Features.Agenda;

public sealed class PresentationForm : IValidatableObject
{
    [Required(ErrorMessage = "The title is required."), StringLength(300)]
    public string Title { get; set; } = "";

    [Display(Name = "Starts at")]
    public TimeOnly? StartTime { get; set; }

    [Display(Name = "Ends at")]
    public TimeOnly? EndTime { get; set; }

    /// <summary>Participation ids of the presenters.</summary>
    public List<long> PresenterIds { get; set; } = [];

    [Display(Name = "Presenter named in the report")]
    public bool PresenterNamed { get; set; } = true;

    /// <summary>Participation ids of the rapporteurs who write this presentation's proceedings.</summary>
    public List<long> RapporteurIds { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StartTime is { } s && EndTime is { } e && e <= s)
        {
            yield return new ValidationResult("The end time must be after the start time.", [nameof(EndTime)]);
        }
        if (EndTime is not null && StartTime is null)
        {
            yield return new ValidationResult("Give a start time as well as an end time.", [nameof(StartTime)]);
        }
    }
}
