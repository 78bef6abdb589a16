namespace Roundtable.Web.Features.Participants;

/// <summary>
/// One change to several participants at once. Each flag left null stays as it is for each of them; the roles are
/// kept, or the chosen ones added, removed, or put in place of theirs.
/// </summary>
public sealed class BulkEditForm : IValidatableObject
{
    public static readonly IReadOnlyList<(string Value, string Label)> RoleChanges =
    [
        ("keep", "Keep their roles"),
        ("add", "Add these roles"),
        ("remove", "Remove these roles"),
        ("replace", "Replace their roles with these"),
    ];

    public List<long> ParticipationIds { get; set; } = [];

    [Display(Name = "Roles")]
    public string RoleChange { get; set; } = "keep";

    public List<string> Roles { get; set; } = [];

    [Display(Name = "May be named in the report")]
    public bool? MayBeNamed { get; set; }

    [Display(Name = "Biography in the report")]
    public bool? BiographyInReport { get; set; }

    public bool? Attended { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParticipationIds.Count == 0)
        {
            yield return new ValidationResult("Tick at least one participant to change.", [nameof(ParticipationIds)]);
        }
        if (RoleChanges.All(c => c.Value != RoleChange))
        {
            yield return new ValidationResult($"“{RoleChange}” is not a change of roles: keep, add, remove or replace.", [nameof(RoleChange)]);
        }
        else if (RoleChange != "keep" && Roles.Count == 0)
        {
            yield return new ValidationResult("Choose the roles to add, remove or put in place.", [nameof(Roles)]);
        }
        foreach (var role in Roles.Where(r => !ParticipationRoles.IsKnown(r)))
        {
            yield return new ValidationResult(ParticipationRoles.NotARole(role), [nameof(Roles)]);
        }
        if (RoleChange == "keep" && MayBeNamed is null && BiographyInReport is null && Attended is null)
        {
            yield return new ValidationResult("Choose something to change: roles, naming, biography or attendance.", [nameof(RoleChange)]);
        }
    }
}
