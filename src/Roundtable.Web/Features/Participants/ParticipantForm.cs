namespace Roundtable.Web.Features.Participants;

public static class ParticipationRoles
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("organizer", "Organizer"),
        ("director", "Director (signs the foreword)"),
        ("keynote", "Keynote"),
        ("presenter", "Presenter"),
        ("rapporteur", "Rapporteur"),
        ("participant", "Participant"),
        ("observer", "Observer / audience"),
    ];

    public static bool IsKnown(string role) => All.Any(r => r.Value == role);

    public static string NotARole(string role) => $"“{role}” is not a role. Roles: {string.Join(", ", All.Select(r => r.Value))}.";
}

public static class InvitationStatuses
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("not_invited", "Not invited"),
        ("invited", "Invited"),
        ("accepted", "Accepted"),
        ("declined", "Declined"),
        ("tentative", "Tentative"),
        ("no_answer", "No answer"),
    ];

    public static string Label(string value) => All.FirstOrDefault(s => s.Value == value).Label ?? value;

    public static bool IsKnown(string? value) => All.Any(s => s.Value == value);
}

public sealed class ParticipantForm : IValidatableObject
{
    [Required(ErrorMessage = "Choose a person."), Display(Name = "Person")]
    public long? PersonId { get; set; }

    public List<string> Roles { get; set; } = [];

    [Display(Name = "May be named in the report")]
    public bool MayBeNamed { get; set; }

    [Display(Name = "Biography in the report")]
    public bool BiographyInReport { get; set; }

    /// <summary>Printed after their name on their first audience statement of a discussion ("of the Arms Control Institute").</summary>
    [StringLength(200), Display(Name = "Audience phrase")]
    public string? AudiencePhrase { get; set; }

    public bool Attended { get; set; }

    [Display(Name = "Invitation")]
    public string InvitationStatus { get; set; } = "not_invited";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Roles.Count == 0)
        {
            yield return new ValidationResult("Choose at least one role.", [nameof(Roles)]);
        }
        foreach (var role in Roles.Where(r => !ParticipationRoles.IsKnown(r)))
        {
            yield return new ValidationResult(ParticipationRoles.NotARole(role), [nameof(Roles)]);
        }
        if (!InvitationStatuses.IsKnown(InvitationStatus))
        {
            yield return new ValidationResult($"“{InvitationStatus}” is not an invitation status.", [nameof(InvitationStatus)]);
        }
    }
}
