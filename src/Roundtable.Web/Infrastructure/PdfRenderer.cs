using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Roundtable.Web.Infrastructure;

public sealed class PdfSettings
{
    public const string Section = "Pdf";

    /// <summary>Debian's chromium. PuppeteerSharp is never allowed to download a browser of its own.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public int TimeoutSeconds { get; set; } = 120;
}

/// <summary>
/// Prints HTML to PDF with headless Chromium. One browser per process, started on first use (~1 s) and reused;
/// each PDF gets a fresh page (~150 ms). Page numbers, roman front matter and bookmarks come from the HTML's
/// CSS paged media and Chromium's document outline.
/// </summary>
public sealed class PdfRenderer(PdfSettings settings, ILogger<PdfRenderer> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim launchLock = new(1, 1);
    private IBrowser? browser;

    private async Task<IBrowser> BrowserAsync()
    {
        if (browser is { IsClosed: false })
        {
            return browser;
        }
        await launchLock.WaitAsync();
        try
        {
            if (browser is { IsClosed: false })
            {
                return browser;
            }
            if (!File.Exists(settings.ChromiumPath))
            {
                throw new InvalidOperationException($"Chromium is not at {settings.ChromiumPath}; install Debian's chromium or set Pdf:ChromiumPath.");
            }
            log.LogInformation("Starting Chromium for PDF rendering: {Path}", settings.ChromiumPath);
            browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = settings.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic"],
            });
            return browser;
        }
        finally
        {
            launchLock.Release();
        }
    }

    public async Task<byte[]> RenderAsync(string html, CancellationToken ct)
    {
        var b = await BrowserAsync();
        await using var page = await b.NewPageAsync();
        // The report is self-contained: nothing may be fetched while printing.
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetContentAsync(html, new SetContentOptions { Timeout = settings.TimeoutSeconds * 1000, WaitUntil = [WaitUntilNavigation.Load], CancellationToken = ct });
        ct.ThrowIfCancellationRequested();
        return await page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.Letter,
            PreferCSSPageSize = true,
            PrintBackground = true,
            DisplayHeaderFooter = false,
            Outline = true,
            Tagged = true,
            Timeout = settings.TimeoutSeconds * 1000,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            browser.Dispose();
        }
        launchLock.Dispose();
    }
}
