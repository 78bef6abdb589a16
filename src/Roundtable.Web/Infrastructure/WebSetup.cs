using Microsoft.AspNetCore.Mvc.Razor;

namespace Roundtable.Web.Infrastructure;

public static class WebSetup
{
    /// <summary>
    /// MVC with views found by feature folder, antiforgery on every form, the request-size limit, the known proxies,
    /// problem details and the OpenAPI document.
    /// </summary>
    public static void AddRoundtableWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var limits = builder.Configuration.GetSection(LimitSettings.Section).Get<LimitSettings>() ?? new LimitSettings();
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        // A form value may be as long as the whole body, so the body's limit is the one that answers (413), never the form reader's.
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.ValueLengthLimit = (int)Math.Min(int.MaxValue, limits.MaxRequestBodyBytes));
        services.AddSingleton(new KnownProxies(Proxies.ForwardedHeaders(builder.Configuration)));

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add(new JsonOrNoBody());
                o.Conventions.Add(new ApiOnlyInOpenApi());
            })
            .AddRazorOptions(o =>
            {
                o.ViewLocationFormats.Clear();
                foreach (var format in FeatureViewLocations.Formats)
                {
                    o.ViewLocationFormats.Add(format);
                }
                o.ViewLocationExpanders.Add(new FeatureViewLocations());
            });
        // Names like "Tromsø" or "Reyes-Martín" are written as themselves, not as numeric entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddStaticAssetCompression();
        services.AddOpenApi();
    }

    /// <summary>The pipeline, in order: proxies, HSTS, errors, security headers, static files, routing, limits, sign-in, endpoints.</summary>
    public static void UseRoundtableWeb(this WebApplication app)
    {
        app.UseKnownProxies(app.Services.GetRequiredService<KnownProxies>().Options);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            // A request Kestrel could not read (a body cut short by a client that went away, a malformed one) is the
            // client's: answered with its 4xx, not a 500, and not logged as the app's error.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticAssets();
        // The report's fonts, at the address every edition's stylesheet names (see ReportFonts); readers of a report need no account.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(ReportFonts.Folder),
            RequestPath = ReportFonts.UrlPath,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=604800",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseMiddleware<RequestSizeLimits>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().RequireAuthorization();
        app.MapControllers();
        app.MapGet("/", () => Results.Redirect("/roundtables")).ExcludeFromDescription();
    }
}
