using System.Security.Claims;

namespace Roundtable.Web.Infrastructure;

public static class Roles
{
    public const string Organizer = "organizer";
    public const string Rapporteur = "rapporteur";
}

public static class Policies
{
    public const string Organizer = "Organizer";
}

public static class CurrentUser
{
    public const string PersonIdClaim = "person_id";

    public static long Id(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static long? PersonId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(PersonIdClaim), out var id) ? id : null;

    public static bool IsOrganizer(this ClaimsPrincipal user) => user.IsInRole(Roles.Organizer);
}
