using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Infrastructure;

/// <summary>The Markdown renderer skips the autolink parser for texts that hold nothing it could link; that must never change the output.</summary>
public sealed class MarkdownTests
{
    private static readonly string[] Pieces =
    [
        "a", "h", "t", "w", "f", "m", "e", "l", "o", "p", "s", "x", "é", "1", " ", " ", " ", "\n", "\n\n", ".", ",", ":", "/", "//", "-", "*", "_", "~",
        "(", ")", "[", "]", "<", ">", "&", "'", "\"", "http://", "https://", "HTTP://", "ftp://", "www.", "WwW.", "mailto:", "tel:", "@",
        "ttp", "ww", "ailto", "example.org", "http:/", "www", "mail", "te",
    ];

    [Fact]
    public void Without_anything_linkable_both_pipelines_render_the_same_html()
    {
        var random = new Random(20261128);
        int compared = 0, linked = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            if (Markdown.MayHoldBareLink(text))
            {
                linked += Markdown.ToUnsanitizedHtml(text, linkParser: true).Contains("<a ", StringComparison.Ordinal) ? 1 : 0;
                continue;
            }
            compared++;
            Assert.Equal(Markdown.ToUnsanitizedHtml(text, linkParser: true), Markdown.ToUnsanitizedHtml(text, linkParser: false));
        }
        // The generator must exercise both sides: plenty of link-free texts, and texts the link parser does link.
        Assert.True(compared > 2_000, $"only {compared} link-free texts");
        Assert.True(linked > 500, $"only {linked} texts with links");
    }

    [Theory]
    [InlineData("see http://example.org")]
    [InlineData("see HTTPS://example.org")]
    [InlineData("see www.example.org")]
    [InlineData("see WWW.example.org")]
    [InlineData("write to mailto:a@example.org")]
    [InlineData("call tel:+4412345")]
    [InlineData("ftp://files.example.org")]
    public void Whatever_the_link_parser_would_link_goes_through_it(string text)
    {
        Assert.True(Markdown.MayHoldBareLink(text));
        Assert.Equal(Markdown.ToUnsanitizedHtml(text, linkParser: true), Markdown.ToUnsanitizedHtml(text));
    }

    private const string Pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [Theory]
    [InlineData("a map ![the map](http://127.0.0.1:5389/x) here", "a map the map here")]
    [InlineData("![meta](http://169.254.169.254/latest/meta-data/)", "meta")]
    [InlineData("![](https://example.org/a.png)", "")]
    [InlineData("![ref][r]\n\n[r]: //example.org/a.png", "ref")]
    [InlineData("[![logo](http://example.org/logo.png)](http://example.org)", "logo")]
    public void The_sanitizer_drops_an_image_from_an_address_and_keeps_its_description(string markdown, string text)
    {
        var html = Markdown.ToSafeHtml(markdown);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".png", html.Replace("href=\"http://example.org\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(text, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body!.TextContent.Trim());
    }

    [Fact]
    public void The_sanitizer_keeps_an_image_the_text_carries_and_links_to_other_addresses()
    {
        var html = Markdown.ToSafeHtml($"![pixel]({Pixel}) and [the site](https://example.org/page)");
        Assert.Contains($"src=\"{Pixel}\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/page\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<img src=\"http://127.0.0.1:5389/x\">")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\" srcset=\"http://127.0.0.1:5389/x 2x\">")]
    [InlineData("<p style=\"background: url(http://127.0.0.1:5389/x)\">text</p>")]
    [InlineData("<video poster=\"http://127.0.0.1:5389/x\" src=\"http://127.0.0.1:5389/y\"></video>")]
    public void Html_that_would_fetch_from_an_address_loses_the_address(string html) =>
        Assert.DoesNotContain("5389", Markdown.SanitizeHtml(html), StringComparison.Ordinal);

    [Theory]
    [InlineData("asked about ![x](http://127.0.0.1:5389/x).", "http://127.0.0.1:5389/x")]
    [InlineData("![x][r] again\n\n[r]: http://169.254.169.254/", "http://169.254.169.254/")]
    [InlineData("typed <img src='http://example.org/a.png'> by hand", "http://example.org/a.png")]
    [InlineData("typed <IMG SRC=http://example.org/a.png> by hand", "http://example.org/a.png")]
    [InlineData("<img alt=\"no source\">", "<img alt=\"no source\">")]
    public void A_text_showing_an_image_from_an_address_is_found(string markdown, string url) =>
        Assert.Equal(url, Markdown.FirstLinkedImage(markdown));

    [Theory]
    [InlineData("no image at all, 3 < 4")]
    [InlineData("a [link](http://example.org) and a bare http://example.org/a.png")]
    [InlineData("an exclamation![not an image]")]
    [InlineData("`![code](http://example.org/a.png)` in code")]
    public void A_text_without_such_an_image_passes(string markdown) => Assert.Null(Markdown.FirstLinkedImage(markdown));

    [Fact]
    public void A_text_carrying_its_image_passes() =>
        Assert.Null(Markdown.FirstLinkedImage($"![pixel]({Pixel}) and <img src=\"{Pixel}\">"));
}
