using Microsoft.AspNetCore.Mvc.Filters;

namespace Roundtable.Web.Features.Roundtables;

/// <summary>
/// Guards an action on the roundtable named by the route value "roundtableId": 404 when it does not exist,
/// 403 when the user's access is below <paramref name="level"/>. It runs with the authorization filters,
/// before model binding and validation, so a refused user learns nothing from validation messages.
/// </summary>
public sealed class RequireRoundtableAttribute(Access level) : TypeFilterAttribute(typeof(Filter))
{
    public Access Level => level;

    private sealed class Filter(RoundtableAccess access, GetRoundtable roundtables) : IAsyncAuthorizationFilter
    {
        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            if (context.Result is not null)
            {
                return;
            }
            if (context.HttpContext.User.Identity?.IsAuthenticated != true)
            {
                context.Result = new ChallengeResult();
                return;
            }
            var attr = context.ActionDescriptor.EndpointMetadata.OfType<RequireRoundtableAttribute>().Last();
            if (!long.TryParse(context.RouteData.Values["roundtableId"]?.ToString(), out var id))
            {
                context.Result = new NotFoundResult();
                return;
            }
            var (granted, roundtable) = await access.ReadAsync(context.HttpContext.User, id, context.HttpContext.RequestAborted);
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
            context.HttpContext.Items[typeof(Access)] = granted;
            if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method))
            {
                roundtables.Remember(roundtable!);
            }
        }
    }
}
