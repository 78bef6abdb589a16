using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The stylesheets and scripts under wwwroot: compressed (Brotli, else gzip) and, when asked for by a fingerprinted
/// address (<c>asp-append-version</c> adds <c>?v=</c> and the file's hash), kept by browsers for a year without asking
/// again: a changed file gets another address. Other requests for them are revalidated as before (ETag). Pages are
/// not compressed: their antiforgery tokens beside text a visitor can put in the page would make them a BREACH
/// target over HTTPS; CSS and scripts hold nothing secret.
/// </summary>
public static class StaticAssets
{
    private static readonly string[] Compressed = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];

    public static IServiceCollection AddStaticAssetCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = Compressed;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compression (for the types above) and wwwroot's files, fingerprinted ones cached for a year.</summary>
    public static IApplicationBuilder UseStaticAssets(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        return app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = c =>
            {
                if (c.Context.Request.Query.ContainsKey("v"))
                {
                    c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        });
    }
}
