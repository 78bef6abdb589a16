using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Roundtable.Web.Features.Roundtables;

/// <summary>
/// Guards an action on the roundtable named by the route value "roundtableId": 404 when it does not exist,
/// 403 when the user's access is below <paramref name="level"/>.
/// </summary>
public sealed class RequireRoundtableAttribute(Access level) : TypeFilterAttribute(typeof(Filter))
{
    public Access Level => level;

    private sealed class Filter(RoundtableAccess access) : IAsyncActionFilter
    {
        public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
        {
            var attr = context.ActionDescriptor.EndpointMetadata.OfType<RequireRoundtableAttribute>().Last();
            if (!long.TryParse(context.RouteData.Values["roundtableId"]?.ToString(), out var id))
            {
                context.Result = new NotFoundResult();
                return;
            }
            var granted = await access.HandleAsync(context.HttpContext.User, id, context.HttpContext.RequestAborted);
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
            await next();
        }
    }
}
