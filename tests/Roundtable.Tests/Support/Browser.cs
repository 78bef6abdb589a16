using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Roundtable.Tests.Support;

/// <summary>The app on a real Kestrel port, for a real browser.</summary>
public class KestrelAppFactory : AppFactory
{
    public KestrelAppFactory()
    {
        UseKestrel(0);
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
        }
    }
}

/// <summary>
/// Debian's chromium driven by Debian's chromedriver, headless. Never downloads a browser: both paths are given,
/// so Selenium Manager is not asked. A missing chromium is a failure with a clear message, not a skip.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverFolder = "/usr/bin";

    public IWebDriver Driver { get; }

    public Browser()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
        {
            throw new InvalidOperationException("Browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        }
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
            "--window-size=1280,1000", $"--user-data-dir={Path.Combine(Path.GetTempPath(), "roundtable-chromium-" + Guid.NewGuid().ToString("N"))}");
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(0);
    }

    public void Go(string url) => Driver.Navigate().GoToUrl(url);

    public IWebElement Find(string css) => Wait(d => d.FindElement(By.CssSelector(css)));

    public T Wait<T>(Func<IWebDriver, T> condition, int seconds = 10)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds));
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(d =>
        {
            try
            {
                return condition(d);
            }
            catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
            {
                // A page that reloads itself (the mail-out's run page does as each step completes) can replace its
                // document between finding an element and reading it; chromedriver reports that as an unknown error,
                // not as a stale element. The condition is tried again on the new page.
                return default!;
            }
        });
    }

    /// <summary>
    /// Waits until the page has loaded with its scripts run. A click that follows a link returns while the new page may
    /// still be loading; an element found then can be clicked before the script that handles it is attached.
    /// </summary>
    public void WaitForPage() => Wait(d => Equals(((IJavaScriptExecutor)d).ExecuteScript("return document.readyState"), "complete"));

    /// <summary>Waits for an element's text (a script may still be updating it); fails showing the text it has.</summary>
    public void WaitForText(string css, string expected, int seconds = 10)
    {
        try
        {
            Wait(d => d.FindElement(By.CssSelector(css)).Text == expected, seconds);
        }
        catch (WebDriverTimeoutException)
        {
            Assert.Equal(expected, Driver.FindElement(By.CssSelector(css)).Text);
            throw;
        }
    }

    public void SignIn(string baseUrl, string email, string password = AppFactory.Password)
    {
        Go(baseUrl + "/account/login");
        Find("#Email").SendKeys(email);
        Find("#Password").SendKeys(password);
        Find("button[type=submit]").Click();
        Wait(d => !d.Url.Contains("/account/login", StringComparison.Ordinal));
    }

    public void Screenshot(string name) =>
        ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), name + ".png"));

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
