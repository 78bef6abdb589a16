namespace Roundtable.Web.Features.Demo;

public static class DemoSetup
{
    /// <summary>The start-up task that seeds the demo (Development) or prints the first-run hint.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services) =>
        services.AddSingleton<IStartupTask, DemoOrFirstRunHint>();
}
