using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Roundtable.Web.Infrastructure;

/// <summary>Markdown to HTML with Markdig, then cleaned by HtmlSanitizer: no script, no handlers, no javascript: links, no image from an address.</summary>
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
        // Only a link may point elsewhere: a reader follows it, nothing fetches it. Any other address (an image, a video's
        // poster, a style's url()) is fetched by whoever shows the text, the report's PDF printer on our server included;
        // an image stays only when the text carries it (data:), one from an address becomes its description.
        s.AllowedAttributes.Remove("style");
        s.AllowedAttributes.Remove("srcset");
        s.FilterUrl += (_, e) =>
        {
            if (e.Tag.NodeName != "A")
            {
                e.SanitizedUrl = e.Tag.NodeName == "IMG" && IsDataImage(e.OriginalUrl) ? e.OriginalUrl : null;
            }
        };
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { NodeName: "IMG" } img && !IsDataImage(img.GetAttribute("src")))
            {
                e.ReplacementNodes.Add(e.Document.CreateTextNode(img.GetAttribute("alt") ?? ""));
            }
        };
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

    /// <summary>The sanitizer alone, for the tests of what it removes from HTML that Markdig would never write.</summary>
    internal static string SanitizeHtml(string html) => Sanitizer.Sanitize(html);

    /// <summary>
    /// The address of the first image in a text that is not carried in the text itself (a data: image): a Markdown image,
    /// inline or by reference, or an &lt;img&gt; typed as HTML (shown as text, but refused all the same); null when none.
    /// </summary>
    public static string? FirstLinkedImage(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown) || (!markdown.Contains("![", StringComparison.Ordinal) && !markdown.Contains('<')))
        {
            return null;
        }
        foreach (var image in Markdig.Markdown.Parse(markdown, Pipeline).Descendants<LinkInline>().Where(l => l.IsImage))
        {
            if (!IsDataImage(image.Url))
            {
                return image.Url ?? "";
            }
        }
        foreach (Match tag in ImgTag().Matches(markdown))
        {
            var src = ImgSrc().Match(tag.Value);
            var url = src.Success ? src.Groups["url"].Value : "";
            if (!IsDataImage(url) || ImgOtherSource().IsMatch(tag.Value))
            {
                return url.Length > 0 ? url : tag.Value;
            }
        }
        return null;
    }

    /// <summary>The refusal of a text that shows an image from an address; <paramref name="where"/> names the text ("the foreword").</summary>
    public static FieldError? RefuseLinkedImage(string field, string where, string? markdown) =>
        FirstLinkedImage(markdown) is { } url
            ? new FieldError(field, $"There is an image from another address in {where} ({(url.Length > 80 ? url[..80] + "…" : url)}). " +
                "Texts are printed into the report on our server, which fetches nothing from elsewhere: remove the image.")
            : null;

    private static bool IsDataImage(string? url) => url is not null && url.TrimStart().StartsWith("data:image/", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"<img\b[^>]*>?", RegexOptions.IgnoreCase)]
    private static partial Regex ImgTag();

    [GeneratedRegex(@"\ssrc\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)'|(?<url>[^\s>]+))", RegexOptions.IgnoreCase)]
    private static partial Regex ImgSrc();

    [GeneratedRegex(@"\s(?:srcset|lowsrc|dynsrc|longdesc)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ImgOtherSource();
}
