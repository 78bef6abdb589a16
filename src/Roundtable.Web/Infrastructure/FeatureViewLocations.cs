using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Views live beside the controller or view component that shows them: a controller in namespace
/// <c>Roundtable.Web.Features.Proceedings</c> (whatever the controller is called) finds its views, partials and view
/// component views in <c>/Features/Proceedings/</c>, then in <c>/Features/Shared/</c>. So no view path is written out
/// by hand, and a feature can have several controllers.
/// </summary>
public sealed class FeatureViewLocations : IViewLocationExpander
{
    private const string Key = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        var type = context.ActionContext.ActionDescriptor is ControllerActionDescriptor action ? action.ControllerTypeInfo.AsType() : null;
        context.Values[Key] = FeatureOf(type) ?? context.ControllerName;
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        var feature = context.Values.TryGetValue(Key, out var f) && f is not null ? f : context.ControllerName;
        return viewLocations.Select(l => l.Replace(Placeholder, feature, StringComparison.Ordinal));
    }

    /// <summary>Stands for the feature folder in <see cref="Formats"/>.</summary>
    public const string Placeholder = "{feature}";

    /// <summary>The view locations to register: the feature's folder, then the shared one.</summary>
    public static readonly IReadOnlyList<string> Formats =
        ["/Features/" + Placeholder + "/{0}" + RazorViewEngine.ViewExtension, "/Features/Shared/{0}" + RazorViewEngine.ViewExtension];

    /// <summary>The feature folder of a controller or view component: the last part of its namespace under Features.</summary>
    public static string? FeatureOf(Type? type)
    {
        const string prefix = "Roundtable.Web.Features.";
        var ns = type?.Namespace;
        return ns is not null && ns.StartsWith(prefix, StringComparison.Ordinal) ? ns[prefix.Length..].Replace('.', '/') : null;
    }
}
