namespace Roundtable.Web.Features.Participants;

/// <summary>Several people of the directory, added to a roundtable at once with the same roles and flags.</summary>
public sealed class BulkAddForm : IValidatableObject
{
    public const int MaxPeople = 500;

    public List<long> PersonIds { get; set; } = [];

    public List<string> Roles { get; set; } = [];

    [Display(Name = "May be named in the report")]
    public bool MayBeNamed { get; set; }

    [Display(Name = "Biography in the report")]
    public bool BiographyInReport { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PersonIds.Count == 0)
        {
            yield return new ValidationResult("Tick at least one person to add.", [nameof(PersonIds)]);
        }
        if (PersonIds.Count > MaxPeople)
        {
            yield return new ValidationResult($"Add at most {MaxPeople} people at a time.", [nameof(PersonIds)]);
        }
        if (Roles.Count == 0)
        {
            yield return new ValidationResult("Choose at least one role for the people you add.", [nameof(Roles)]);
        }
        foreach (var role in Roles.Where(r => !ParticipationRoles.IsKnown(r)))
        {
            yield return new ValidationResult(ParticipationRoles.NotARole(role), [nameof(Roles)]);
        }
    }
}
