using System.Text.Json;
using Deque.AxeCore.Commons;
using OpenQA.Selenium;
using OpenQA.Selenium.Chromium;

namespace Roundtable.Tests.Support;

/// <summary>
/// What a page must be for every reader, checked in the real browser: axe-core's rules (the copy bundled in
/// Deque.AxeCore.Commons, injected into the page), and no element wider than the viewport of a phone or a tablet.
/// </summary>
public static class PageChecks
{
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    public sealed record Violation(string Rule, string Impact, string Help, IReadOnlyList<string> Targets)
    {
        public override string ToString() => $"{Rule} ({Impact}): {Help} at {string.Join(", ", Targets.Take(4))}{(Targets.Count > 4 ? $" and {Targets.Count - 4} more" : "")}";
    }

    /// <summary>Sets the viewport to exactly <paramref name="width"/> CSS pixels (no device emulation: a window that narrow).</summary>
    public static void Viewport(this Browser browser, int width, int height = 900) =>
        ((ChromiumDriver)browser.Driver).ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false,
        });

    /// <summary>Runs every axe-core rule on the page as it is now and returns the violations.</summary>
    public static IReadOnlyList<Violation> Axe(this Browser browser)
    {
        var js = (IJavaScriptExecutor)browser.Driver;
        if (!Equals(js.ExecuteScript("return typeof window.axe === 'object'"), true))
        {
            js.ExecuteScript(AxeScript.Value);
        }
        browser.Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        var json = (string?)js.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ["violations"] })
              .then(r => done(JSON.stringify(r.violations.map(v => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")) })))))
              .catch(e => done(JSON.stringify([{ rule: "axe-error", impact: "critical", help: String(e), targets: [] }])));
            """);
        using var doc = JsonDocument.Parse(json ?? throw new InvalidOperationException("axe-core returned nothing."));
        return doc.RootElement.EnumerateArray().Select(v => new Violation(
            v.GetProperty("rule").GetString()!, v.GetProperty("impact").GetString() ?? "",
            v.GetProperty("help").GetString()!, v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList())).ToList();
    }

    /// <summary>
    /// How far the page is wider than its viewport (0 when it fits), with the outermost elements that stick out: what
    /// makes a phone scroll the whole page sideways. Scrolling inside an element of its own (a wide table) is allowed.
    /// </summary>
    public static (long Overflow, string Culprits) Overflow(this Browser browser)
    {
        var result = (IReadOnlyDictionary<string, object>)((IJavaScriptExecutor)browser.Driver).ExecuteScript("""
            const root = document.documentElement;
            const width = Math.min(root.clientWidth, window.innerWidth);
            const wide = [];
            for (const el of document.body.querySelectorAll("*")) {
              const r = el.getBoundingClientRect();
              if (r.width > 0 && Math.round(r.right) > width && !(el.parentElement && Math.round(el.parentElement.getBoundingClientRect().right) > width)) {
                wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " (right edge " + Math.round(r.right) + ")");
              }
            }
            return { overflow: Math.max(root.scrollWidth - width, root.scrollWidth - window.innerWidth, 0), culprits: wide.slice(0, 6).join("; ") };
            """)!;
        return ((long)result["overflow"], (string)result["culprits"]);
    }

    /// <summary>Saves the whole page (not only the viewport) at the current width as a PNG.</summary>
    public static void FullScreenshot(this Browser browser, string path)
    {
        var js = (IJavaScriptExecutor)browser.Driver;
        // The capture lays the whole page out at once, with no scrollbar: the full window width.
        var width = Convert.ToInt64(js.ExecuteScript("return window.innerWidth"), System.Globalization.CultureInfo.InvariantCulture);
        var height = Math.Min(Convert.ToInt64(js.ExecuteScript("return document.documentElement.scrollHeight"), System.Globalization.CultureInfo.InvariantCulture), 5000);
        var shot = ((ChromiumDriver)browser.Driver).ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object> { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Convert.FromBase64String((string)((IReadOnlyDictionary<string, object>)shot!)["data"]));
    }
}
