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
}
