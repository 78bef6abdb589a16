using System.Net;
using System.Text;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Roundtable.Web.Infrastructure;

public sealed class PdfSettings
{
    public const string Section = "Pdf";

    /// <summary>Debian's chromium. PuppeteerSharp is never allowed to download a browser of its own.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// A fontconfig file for Chromium (FONTCONFIG_FILE), or null for the host's. The report names only its bundled
    /// faces, so a configuration with no fonts at all prints the same pages; the tests print under one to prove it.
    /// </summary>
    public string? FontConfigFile { get; set; }
}

/// <summary>
/// Prints HTML to PDF with headless Chromium. One browser per process, started on first use and reused (a launch
/// costs far more than a page); each PDF gets a fresh page. Page numbers, roman front matter and bookmarks come from the HTML's
/// CSS paged media and Chromium's document outline.
/// <para>
/// Chromium runs on the server, so whatever the HTML points at (an image in a statement, a stylesheet, a frame) it
/// would fetch from inside our network and print into a PDF that is mailed out. It therefore gets no network at all:
/// the page is opened at an address of its own, every request is intercepted, and only the document itself and the
/// bundled report fonts are answered, from memory; everything else is refused (data: URLs never reach the network).
/// </para>
/// </summary>
public sealed class PdfRenderer(PdfSettings settings, ILogger<PdfRenderer> log) : IAsyncDisposable
{
    /// <summary>
    /// The second line behind request interception, which does not see everything Chromium connects for (a preconnect
    /// hint, an &lt;object&gt;'s plugin load): every host name and address resolves to nothing, loopback included, so no
    /// socket is ever opened. (PuppeteerSharp joins the arguments into one command line, hence the quotes.)
    /// </summary>
    private const string NoNetwork = "--host-resolver-rules=\"MAP * ~NOTFOUND\"";

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
            var options = new LaunchOptions
            {
                ExecutablePath = settings.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic", NoNetwork],
            };
            if (settings.FontConfigFile is { } fonts)
            {
                options.Env["FONTCONFIG_FILE"] = fonts;
            }
            browser = await Puppeteer.LaunchAsync(options);
            return browser;
        }
        finally
        {
            launchLock.Release();
        }
    }

    /// <summary>Where the page is opened; a reserved name (RFC 2606) that nothing resolves, answered only by <see cref="AnswerAsync"/>.</summary>
    private const string Origin = "https://report.roundtable.invalid";

    private const string DocumentUrl = Origin + "/edition";

    private const string FontsUrl = Origin + ReportFonts.UrlPath + "/";

    public async Task<byte[]> RenderAsync(string html, CancellationToken ct)
    {
        var b = await BrowserAsync();
        await using var page = await b.NewPageAsync();
        // The report is self-contained: no script runs, and nothing may be fetched while printing.
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetRequestInterceptionAsync(true);
        var document = new Document(Encoding.UTF8.GetBytes(html));
        page.AddRequestInterceptor(request => AnswerAsync(request, document));
        await page.GoToAsync(DocumentUrl, new NavigationOptions { Timeout = settings.TimeoutSeconds * 1000, WaitUntil = [WaitUntilNavigation.Load], CancellationToken = ct });
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

    /// <summary>The HTML being printed, handed out once: to the page's own navigation, never to a frame inside it.</summary>
    private sealed class Document(byte[] bytes)
    {
        private int served;

        public byte[]? Take() => Interlocked.Exchange(ref served, 1) == 0 ? bytes : null;
    }

    /// <summary>
    /// Answers one request of the page. Every request must be answered or refused, or the page waits for it until the
    /// timeout; so nothing here may throw back into PuppeteerSharp.
    /// </summary>
    private async Task AnswerAsync(IRequest request, Document document)
    {
        var url = request.Url;
        try
        {
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                // Chromium does not pause data: URLs; continuing one is a no-op kept for clarity.
                await request.ContinueAsync();
                return;
            }
            if (url == DocumentUrl && request.IsNavigationRequest && document.Take() is { } html)
            {
                await request.RespondAsync(new ResponseData { Status = HttpStatusCode.OK, ContentType = "text/html; charset=utf-8", BodyData = html });
                return;
            }
            if (url.StartsWith(FontsUrl, StringComparison.Ordinal) && request.Method == HttpMethod.Get
                && ReportFonts.Find(url[FontsUrl.Length..]) is { } font)
            {
                await request.RespondAsync(new ResponseData { Status = HttpStatusCode.OK, ContentType = ReportFonts.ContentType, BodyData = font });
                return;
            }
            log.LogWarning("Refused a request while printing a PDF: {Url}", url.Length > 200 ? url[..200] + "…" : url);
            await request.AbortAsync(RequestAbortErrorCode.BlockedByClient);
        }
        catch (Exception e)
        {
            // The page is closing (a timeout, a cancelled render) or the request was already settled: nothing is left to
            // answer. Thrown back into PuppeteerSharp it would leave the page waiting instead.
            log.LogDebug(e, "Could not answer a request while printing a PDF: {Url}", url);
        }
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
