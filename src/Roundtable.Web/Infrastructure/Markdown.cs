using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Roundtable.Web.Infrastructure;

/// <summary>Markdown to HTML with Markdig, then cleaned by HtmlSanitizer: no script, no handlers, no javascript: links.</summary>
public static partial class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>
    /// The same pipeline without the autolink parser, for texts that hold nothing it could turn into a link: the parser
    /// is tried at every h, f, m, t and w of a text, which breaks prose into many short runs. The output is identical
    /// (a test compares the two pipelines on generated texts).
    /// </summary>
    private static readonly MarkdownPipeline NoLinkPipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    /// <summary>What every bare link the autolink parser recognizes contains (http://, https://, ftp://, mailto:, tel:, www.).</summary>
    public static bool MayHoldBareLink(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("mailto:", StringComparison.OrdinalIgnoreCase) || text.Contains("tel:", StringComparison.OrdinalIgnoreCase) ||
        text.Contains('@');

    /// <summary>Markdig's HTML without sanitizing; <paramref name="linkParser"/> chooses the pipeline, for the test that compares them.</summary>
    public static string ToUnsanitizedHtml(string markdown, bool? linkParser = null) =>
        Markdig.Markdown.ToHtml(markdown, linkParser ?? MayHoldBareLink(markdown) ? Pipeline : NoLinkPipeline);

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
        var html = ToUnsanitizedHtml(markdown);
        // Raw HTML is disabled, so every tag in the output is Markdig's own and every '<' typed by a user is escaped.
        // Output made only of bare, attribute-free prose tags has nothing the sanitizer could remove; anything else
        // (links, images, code blocks with classes, lists with a start) goes through HtmlSanitizer. Sanitizing costs
        // ~100x more than rendering, and a report renders tens of thousands of statements.
        return AnythingButBareProseTags().IsMatch(html) ? Sanitizer.Sanitize(html) : html;
    }

    [GeneratedRegex(@"<(?!/?(?:p|em|strong|code|br|ul|ol|li|blockquote|del|hr)>)")]
    private static partial Regex AnythingButBareProseTags();

    public static IHtmlContent Render(string? markdown) => new HtmlString(ToSafeHtml(markdown));
}
