using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Roundtable.Web.Infrastructure;

/// <summary>Markdown to HTML with Markdig, then cleaned by HtmlSanitizer: no script, no handlers, no javascript: links.</summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("mailto");
        return s;
    }

    public static string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        var html = Markdig.Markdown.ToHtml(markdown, Pipeline);
        return Sanitizer.Sanitize(html);
    }

    public static IHtmlContent Render(string? markdown) => new HtmlString(ToSafeHtml(markdown));
}
