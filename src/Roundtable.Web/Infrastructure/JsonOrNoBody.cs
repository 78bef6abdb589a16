using Microsoft.AspNetCore.Mvc.Filters;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The JSON API takes JSON or nothing: a request to an [ApiController] action that carries a body of another type is
/// answered 415, whether or not the action reads a body. Actions without a [Consumes] (logout, restore) otherwise
/// accepted a form or plain text as if it were empty, unlike every other endpoint of the API.
/// </summary>
public sealed class JsonOrNoBody : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var request = context.HttpContext.Request;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody && !request.HasJsonContentType() && context.ActionDescriptor.EndpointMetadata.OfType<ApiControllerAttribute>().Any())
        {
            context.Result = new StatusCodeResult(StatusCodes.Status415UnsupportedMediaType);
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
