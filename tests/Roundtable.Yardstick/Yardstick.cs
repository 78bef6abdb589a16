using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Roundtable.Yardstick;

/// <summary>
/// What `dotnet new mvc` makes (ASP.NET Core 10), started on a loopback port: the same pipeline (without the HTTPS
/// redirection, which needs a certificate) and the same Home page with its layout, plus a bare endpoint
/// (<c>/hello</c>, Kestrel and routing alone). The page benchmark measures the app's pages against its Home page.
/// </summary>
public static class Yardstick
{
    public static async Task<WebApplication> StartAsync(string contentRoot, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Yardstick).Assembly.GetName().Name,
            ContentRootPath = contentRoot,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url);
        builder.Services.AddControllersWithViews();

        var app = builder.Build();
        app.UseExceptionHandler("/Home/Error");
        app.UseHsts();
        app.UseRouting();
        app.UseAuthorization();
        app.MapGet("/hello", () => "Hello World!");
        app.MapControllerRoute(name: "default", pattern: "{controller=Home}/{action=Index}/{id?}");
        await app.StartAsync();
        return app;
    }
}
