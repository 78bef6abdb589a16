namespace Roundtable.Web.Features.Reports;

public static class ReportsSetup
{
    /// <summary>What prints an edition (Razor to HTML, chromium to PDF, the "Pdf" section) and the readers' signed links.</summary>
    public static void AddReports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection(PdfSettings.Section).Get<PdfSettings>() ?? new PdfSettings());
        services.AddSingleton<PdfRenderer>();
        services.AddScoped<RazorRenderer>();
        services.AddSingleton<ReportLinks>();
    }
}
