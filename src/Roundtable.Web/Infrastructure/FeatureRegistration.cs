using System.Reflection;

namespace Roundtable.Web.Infrastructure;

public static class FeatureRegistration
{
    /// <summary>
    /// Registers every sealed class under Roundtable.Web.Features that has a HandleAsync method (the use cases),
    /// so adding a use case is adding a file.
    /// </summary>
    public static IServiceCollection AddFeatureClasses(this IServiceCollection services, Assembly assembly)
    {
        var features = assembly.GetTypes().Where(t =>
            t is { IsClass: true, IsAbstract: false, IsSealed: true, IsNested: false }
            && t.Namespace?.StartsWith("Roundtable.Web.Features", StringComparison.Ordinal) == true
            && t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == "HandleAsync"));
        foreach (var type in features)
        {
            services.AddScoped(type);
        }
        return services;
    }
}
