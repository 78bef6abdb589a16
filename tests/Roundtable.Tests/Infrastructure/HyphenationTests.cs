using Roundtable.Web.Infrastructure;
using Roundtable.Web.Infrastructure.Hyphenation;

namespace Roundtable.Tests.Infrastructure;

/// <summary>Liang's algorithm over the shipped American English patterns, and where the report's HTML gets soft hyphens.</summary>
public sealed class HyphenationTests
{
    private static readonly Hyphenator English = Hyphenator.For("en")!;
    private const char Shy = HtmlHyphenation.SoftHyphen;

    [Theory]
    [InlineData("hyphenation", "hy-phen-ation")]
    // Never fewer than three letters after a break (the patterns' RIGHTHYPHENMIN, as TeX sets American English):
    // "con-sti-tu-tion-al" and "com-put-er" keep their last syllable on the line.
    [InlineData("constitutional", "con-sti-tu-tional")]
    [InlineData("computer", "com-puter")]
    [InlineData("participants", "par-tic-i-pants")]
    [InlineData("governance", "gov-er-nance")]
    [InlineData("international", "in-ter-na-tional")]
    [InlineData("table", "ta-ble")] // Knuth's exception
    [InlineData("project", "project")] // left whole: noun and verb break differently
    [InlineData("roundtable", "round-table")]
    [InlineData("Hyphenation", "Hy-phen-ation")] // case is ignored by the hyphenator itself
    public void Known_words_break_where_a_dictionary_breaks_them(string word, string expected) =>
        Assert.Equal(expected, English.Hyphenate(word));

    [Fact]
    public void Patterns_load_with_the_files_minimums_and_short_words_never_break()
    {
        Assert.True(English.PatternCount > 10_000);
        Assert.Equal(2, English.LeftMin);
        Assert.Equal(3, English.RightMin);
        Assert.Equal("ice", English.Hyphenate("ice"));
        Assert.Equal("four", English.Hyphenate("four"));
        Assert.All(new[] { "hyphenation", "constitutional", "recommendations", "extraordinarily" }, w =>
            Assert.All(English.Breaks(w), at => Assert.True(at >= 2 && w.Length - at >= 3, $"{w} broken at {at}")));
    }

    [Fact]
    public void A_tiny_pattern_set_follows_liangs_rules()
    {
        // Odd votes allow a break, even votes forbid it, the highest vote wins, "." anchors a pattern at a word's end.
        var h = new Hyphenator(["UTF-8", "LEFTHYPHENMIN 1", "RIGHTHYPHENMIN 1", "a1b", "2bc", ".c1", "d3e2"], ["x-yz"]);
        Assert.Equal("a-b", h.Hyphenate("ab"));
        Assert.Equal("a-bd", h.Hyphenate("abd"));
        Assert.Equal("abc", h.Hyphenate("abc")); // 2bc forbids the a1b break
        Assert.Equal("c-ad", h.Hyphenate("cad"));
        Assert.Equal("d-e", h.Hyphenate("de"));
        Assert.Equal("x-yz", h.Hyphenate("xyz"));
        Assert.Null(Hyphenator.For("tlh"));
        Assert.Same(English, Hyphenator.For("en-GB"));
    }

    private static string Chapter(string inner) => $"<section class=\"chapter\" id=\"foreword\"><h2>Foreword</h2>{inner}</section>";

    [Fact]
    public void Running_text_gets_soft_hyphens_and_reads_the_same_without_them()
    {
        var html = Chapter("<p>The constitutional recommendations were considered extraordinarily <em>comprehensive</em>.</p>");
        var done = HtmlHyphenation.Apply(html, "en");
        Assert.Contains($"con{Shy}sti{Shy}tu{Shy}tional", done, StringComparison.Ordinal);
        Assert.Contains($"<em>com{Shy}pre{Shy}hen{Shy}sive</em>", done, StringComparison.Ordinal);
        Assert.Equal(html, done.Replace(Shy.ToString(), "", StringComparison.Ordinal));
        Assert.Equal(HtmlText.From(html), HtmlText.From(done));
    }

    [Fact]
    public void Names_labels_headings_links_code_addresses_and_short_words_stay_whole()
    {
        var html = Chapter("""
            <h3><span class="ordinal">Second Presentation</span> <span class="presentation-title">Extraordinary considerations</span></h3>
            <p><span class="speaker">Bartholomew Fitzgerald</span> said Christopherson and Montgomery-Everett met at NATO's UNCLOS desk.</p>
            <p>See https://example.org/constitutional/considerations or write to considerations@example.org, www.considerations.org or
            example.considerations, a path like /usr/share/constitutional, snake_case_constitutional and <a href="#x">constitutional link</a>.</p>
            <p><code>constitutional</code> <kbd>considerations</kbd> 2026constitutional the great water.</p>
            <p class="signature">Constitutionalist</p>
            """);
        Assert.Equal(html, HtmlHyphenation.Apply(html, "en"));
    }

    [Fact]
    public void Only_paragraphs_of_the_chapters_are_touched_never_the_title_page_contents_or_documentation()
    {
        const string word = "constitutional";
        var hyphenated = $"con{Shy}sti{Shy}tu{Shy}tional";
        var html = $$"""
            <!DOCTYPE html><html lang="en"><head><title>{{word}}</title><style>p::before { content: "{{word}}"; }</style></head><body>
            <section class="doc-page"><table class="doc"><tr><td>{{word}}</td></tr></table></section>
            <section class="title-page"><p class="held">{{word}}</p></section>
            <nav class="toc"><ol><li><a href="#a"><span class="toc-title">{{word}}</span></a></li></ol></nav>
            <!-- <p>{{word}}</p> -->
            <p>{{word}} outside any chapter</p>
            <section class="chapter"><p>{{word}}<br>{{word}}<img src="x.png" alt="{{word}}"></p><ul><li>{{word}}</li></ul><blockquote><p>{{word}}</p></blockquote>
            <table><tr><td>{{word}}</td></tr></table><div>{{word}}</div></section>
            </body></html>
            """;
        var done = HtmlHyphenation.Apply(html, "en-US");
        Assert.Equal(4, done.Split(hyphenated).Length - 1); // the chapter's paragraph (two), its list item and its quote, and nothing else
        Assert.Contains($"<p>{hyphenated}<br>{hyphenated}<img src=\"x.png\" alt=\"{word}\"></p>", done, StringComparison.Ordinal);
        Assert.Contains($"<li>{hyphenated}</li>", done, StringComparison.Ordinal);
        Assert.Contains($"<blockquote><p>{hyphenated}</p></blockquote>", done, StringComparison.Ordinal);
        Assert.Equal(html, HtmlHyphenation.Apply(html, "de"));
    }
}
