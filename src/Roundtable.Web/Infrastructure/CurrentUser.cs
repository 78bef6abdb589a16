using System.Security.Claims;

namespace Roundtable.Web.Infrastructure;

public static class Roles
{
    public const string Organizer = "organizer";
    public const string Rapporteur = "rapporteur";

    /// <summary>
    /// Not a value of users.role but a flag on an organizer account (users.is_administrator), given to the principal as
    /// a second role: accounts, the whole people directory, the jobs dashboard.
    /// </summary>
    public const string Administrator = "administrator";
}

public static class Policies
{
    public const string Organizer = "Organizer";
    public const string Administrator = "Administrator";
}

public static class CurrentUser
{
    public const string PersonIdClaim = "person_id";
    public const string SecurityStampClaim = "security_stamp";

    public static long Id(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static long? PersonId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(PersonIdClaim), out var id) ? id : null;

    public static bool IsOrganizer(this ClaimsPrincipal user) => user.IsInRole(Roles.Organizer);

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);
}
