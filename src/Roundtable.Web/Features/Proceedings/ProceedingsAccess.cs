using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.Filters;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// What a user may do with one presentation's proceedings. Read: the published view only (other rapporteurs of the
/// roundtable). Edit: the internal view with real speakers, and every change (rapporteurs assigned to it).
/// Manage: everything, including approval (organizers who manage the roundtable).
/// </summary>
public enum ProceedingsRight { None, Read, Edit, Manage }

public sealed class ProceedingsAccess(Db db, RoundtableAccess roundtables, GetRoundtable roundtableRows)
{
    private const string Sql = """
        SELECT pr.id,
            EXISTS (SELECT 1 FROM presentation_rapporteurs x JOIN participations pa ON pa.id = x.participation_id
                    WHERE x.presentation_id = pr.id AND pa.person_id = @personId) AS assigned
        FROM presentations pr WHERE pr.id = @presentationId AND pr.roundtable_id = @roundtableId
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public bool Assigned { get; init; }
    }

    /// <returns>null when the roundtable does not exist or the presentation is not on its agenda.</returns>
    public Task<ProceedingsRight?> HandleAsync(ClaimsPrincipal user, long roundtableId, long presentationId, CancellationToken ct) =>
        HandleAsync(user, roundtableId, presentationId, remember: false, ct);

    /// <param name="remember">The request changes nothing (GET): keep the roundtable's row read with the access for its page (<see cref="GetRoundtable.Remember"/>).</param>
    public async Task<ProceedingsRight?> HandleAsync(ClaimsPrincipal user, long roundtableId, long presentationId, bool remember, CancellationToken ct)
    {
        var (access, roundtable) = await roundtables.ReadAsync(user, roundtableId, ct);
        if (access is null)
        {
            return null;
        }
        if (remember && access > Access.None)
        {
            roundtableRows.Remember(roundtable!);
        }
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { roundtableId, presentationId, personId = user.PersonId() }, cancellationToken: ct));
        if (row is null)
        {
            // Do not tell someone without access to the roundtable which presentation ids exist.
            return access == Access.None ? ProceedingsRight.None : null;
        }
        return access switch
        {
            Access.Manage => ProceedingsRight.Manage,
            Access.Read when row.Assigned && user.PersonId() is not null => ProceedingsRight.Edit,
            Access.Read => ProceedingsRight.Read,
            _ => ProceedingsRight.None,
        };
    }
}

/// <summary>
/// Guards an action on the presentation named by the route values "roundtableId" and "presentationId":
/// 404 when either is unknown (or they do not belong together), 403 when the right is below <paramref name="level"/>.
/// The granted right is left in HttpContext.Items for the action.
/// </summary>
public sealed class RequireProceedingsAttribute : TypeFilterAttribute
{
    public RequireProceedingsAttribute(ProceedingsRight level) : base(typeof(Filter))
    {
        Level = level;
        // Before [ApiController]'s model validation (-2000): someone without access gets 403, not a list of field errors.
        Order = -3000;
    }

    public ProceedingsRight Level { get; }

    private sealed class Filter(ProceedingsAccess access) : IAsyncActionFilter
    {
        public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
        {
            var attr = context.ActionDescriptor.EndpointMetadata.OfType<RequireProceedingsAttribute>().Last();
            var values = context.RouteData.Values;
            if (!long.TryParse(values["roundtableId"]?.ToString(), out var roundtableId)
                || !long.TryParse(values["presentationId"]?.ToString(), out var presentationId))
            {
                context.Result = new NotFoundResult();
                return;
            }
            var method = context.HttpContext.Request.Method;
            var granted = await access.HandleAsync(context.HttpContext.User, roundtableId, presentationId,
                HttpMethods.IsGet(method) || HttpMethods.IsHead(method), context.HttpContext.RequestAborted);
            if (granted is null)
            {
                context.Result = new NotFoundResult();
                return;
            }
            if (granted < attr.Level)
            {
                context.Result = new ForbidResult();
                return;
            }
            context.HttpContext.Items[typeof(ProceedingsRight)] = granted;
            await next();
        }
    }
}
