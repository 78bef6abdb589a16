using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Roundtable.Web.Infrastructure;

/// <summary>The OpenAPI document describes the JSON API only, not the HTML pages.</summary>
public sealed class ApiOnlyInOpenApi : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        foreach (var controller in application.Controllers)
        {
            controller.ApiExplorer.IsVisible = controller.Attributes.OfType<ApiControllerAttribute>().Any();
        }
    }
}
