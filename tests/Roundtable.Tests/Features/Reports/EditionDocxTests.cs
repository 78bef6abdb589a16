using AngleSharp;
using DocumentFormat.OpenXml;
using Markdig;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reports;
using UglyToad.PdfPig;

namespace Roundtable.Tests.Features.Reports;

public sealed class EditionDocxTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The parts and labels the edition printed, read from its HTML: what the DOCX must hold.</summary>
    private sealed record Printed(string[] Parts, string[] Presentations, string[] Labels, string Html);

    private async Task<(ReportScenario Scenario, Printed Printed, byte[] Docx)> EditionAsync()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var html = (await s.EditionAsync(1))!.Html;
        var doc = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        var printed = new Printed(
            doc.QuerySelectorAll("h2").Where(h => h.Closest("#contents") is null).Select(h => h.TextContent.Trim()).ToArray(),
            doc.QuerySelectorAll("section.presentation h3").Select(h => h.QuerySelector(".ordinal")!.TextContent + " " + h.QuerySelector(".presentation-title")!.TextContent).ToArray(),
            doc.QuerySelectorAll(".speaker").Select(x => x.TextContent).ToArray(),
            html);
        var docx = (await app.Run<BuildEditionDocx, byte[]?>(b => b.HandleAsync(s.RoundtableId, 1, CancellationToken.None)))!;
        return (s, printed, docx);
    }

    /// <summary>A paragraph's text as Word shows it, a line break as a space.</summary>
    private static string TextOf(OpenXmlElement p) =>
        string.Concat(p.Descendants().Select(e => e switch { Text t => t.Text, Break => " ", _ => "" })).Trim();

    private static string? StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

    [Fact]
    public async Task The_docx_holds_every_part_in_order_as_word_headings_with_bold_labels_and_two_numbered_sections()
    {
        var (_, printed, bytes) = await EditionAsync();
        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var main = word.MainDocumentPart!;
        var body = main.Document!.Body!;
        var paragraphs = body.Descendants<Paragraph>().ToList();
        Assert.Equal(printed.Parts, paragraphs.Where(p => StyleOf(p) == "Heading1").Select(TextOf));
        Assert.Equal(printed.Presentations, paragraphs.Where(p => StyleOf(p) == "Heading2").Select(TextOf));
        Assert.Equal(["Discussion."], paragraphs.Where(p => StyleOf(p) == "Heading3").Select(TextOf).Distinct());
        Assert.Single(paragraphs, p => StyleOf(p) == "Title");
        // The styles exist with outline levels, which is what Word's navigation pane and contents read.
        var styles = main.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        Assert.Equal([0, 1, 2], new[] { "Heading1", "Heading2", "Heading3" }.Select(id => styles[id].StyleParagraphProperties!.OutlineLevel!.Val!.Value));
        Assert.Equal("heading 1", styles["Heading1"].StyleName!.Val!.Value);

        // Every label, in order, in a bold run of its own.
        var labelRuns = body.Descendants<Run>().Where(r => r.RunProperties?.RunStyle?.Val?.Value == "SpeakerLabel").ToList();
        Assert.Equal(printed.Labels, labelRuns.Select(r => r.InnerText));
        Assert.All(labelRuns, r => Assert.NotNull(r.RunProperties!.Bold));
        Assert.Contains(paragraphs, p => TextOf(p) == "The first participant agreed, and added that this was the point.");

        // Word hyphenates by itself (never words in capitals); the print's soft hyphens are not in the text.
        Assert.Contains('\u00AD', printed.Html);
        Assert.DoesNotContain(body.Descendants<Text>(), t => t.Text.Contains('\u00AD', StringComparison.Ordinal));
        var settings = main.DocumentSettingsPart!.Settings!;
        Assert.NotNull(settings.GetFirstChild<AutoHyphenation>());
        Assert.NotNull(settings.GetFirstChild<DoNotHyphenateCaps>());

        // The contents: a TOC field over the two heading levels, holding the edition's own entries until Word updates it.
        Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.Contains("TOC \\o \"1-2\"", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => StyleOf(p) == "TOC2" && TextOf(p) == printed.Presentations[0].Replace(" Opening", ": Opening", StringComparison.Ordinal));

        // Front matter numbered i, ii, … with an unnumbered first page; the body 1, 2, … from the conference summary.
        // (Pages an edition puts before its front matter, such as a cover, are a section without numbers.)
        var sections = body.Descendants<SectionProperties>().ToList();
        NumberFormatValues? FormatOf(SectionProperties s) => s.GetFirstChild<PageNumberType>()?.Format?.Value;
        Assert.Equal([NumberFormatValues.LowerRoman, NumberFormatValues.Decimal], sections.Select(FormatOf).Where(f => f is not null));
        Assert.NotNull(sections[0].GetFirstChild<TitlePage>());
        Assert.Equal(1, sections.Single(s => FormatOf(s) == NumberFormatValues.Decimal).GetFirstChild<PageNumberType>()!.Start!.Value);
        var romanEnds = paragraphs.FindIndex(p => p.ParagraphProperties?.SectionProperties is { } s && FormatOf(s) == NumberFormatValues.LowerRoman);
        Assert.Equal("Conference Summary", TextOf(paragraphs[romanEnds + 1]), ignoreCase: true);
        Assert.Equal(" PAGE ", Assert.Single(main.FooterParts.SelectMany(f => f.Footer!.Descendants<SimpleField>())).Instruction!.Value);

        // Each part and each presentation after the first begins a page.
        var pageStarts = paragraphs.Where(p => p.ParagraphProperties?.PageBreakBefore is not null).Select(TextOf).ToList();
        Assert.Contains(printed.Presentations[1], pageStarts);
        Assert.DoesNotContain(printed.Presentations[0], pageStarts);
        Assert.Contains(pageStarts, t => t.Equals("Foreword", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task LibreOffice_opens_the_docx_and_its_pdf_holds_every_heading_label_and_page_number()
    {
        var (_, printed, bytes) = await EditionAsync();
        using var pdf = PdfDocument.Open(await LibreOffice.ToPdfAsync(bytes));
        var pages = pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var all = string.Join("\n", pages);
        // Part headings are set in capitals (as in the PDF), so they are compared regardless of case; the labels and
        // the presentations' headings extract exactly as written.
        foreach (var part in printed.Parts)
        {
            Assert.Contains(part, all, StringComparison.OrdinalIgnoreCase);
        }
        var labelsAndTitles = printed.Presentations.SelectMany(p =>
        {
            var at = p.IndexOf(" Presentation ", StringComparison.Ordinal) + " Presentation".Length;
            return new[] { p[..at], p[(at + 1)..] };
        });
        foreach (var expected in labelsAndTitles.Concat(printed.Labels))
        {
            Assert.Contains(expected, all, StringComparison.Ordinal);
        }
        Assert.Contains("The first participant agreed", all);
        Assert.Contains("A member of the audience wondered", all);

        // The first page has no number; then roman numerals up to the body, which starts again at 1.
        var numbers = pages.Select(p => p.Split(' ').Last()).ToList();
        var bodyStart = pages.FindIndex(p => p.StartsWith("Conference Summary", StringComparison.OrdinalIgnoreCase));
        Assert.True(bodyStart > 1, string.Join("\n---\n", pages));
        string[] roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
        var front = numbers.Take(bodyStart).ToList();
        var firstNumbered = front.FindIndex(n => roman.Contains(n));
        Assert.True(firstNumbered > 0, "the first page is numbered, or no front page is: " + string.Join(" | ", front));
        var from = Array.IndexOf(roman, front[firstNumbered]);
        Assert.Equal(roman.Skip(from).Take(bodyStart - firstNumbered), front.Skip(firstNumbered));
        Assert.Equal(Enumerable.Range(1, pages.Count - bodyStart).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), numbers.Skip(bodyStart));
    }

    [Fact]
    public void Footnotes_lists_tables_and_links_become_their_word_counterparts()
    {
        var pipeline = new MarkdownPipelineBuilder().UseFootnotes().Build();
        var text = Markdig.Markdown.ToHtml("""
            The thaw is real.[^1] See [the data](https://example.org/ice) and [the foreword](#foreword).

            1. First point
               - a nested bullet
            2. Second point

            [^1]: Measured since 1979.
            """, pipeline);
        var html = $"""
            <!DOCTYPE html><html lang="en-GB"><head><title>T</title></head><body>
            <div class="front"><section class="chapter" id="foreword"><h2>Foreword</h2><p>Words.</p></section></div>
            <div class="body"><section class="chapter" id="summary"><h2>Summary</h2>{text}
            <table><tr><th>1. Title</th><td colspan="3">A <em>long</em> title</td></tr><tr><td>a</td><td>b</td><td>c</td><td>d</td></tr></table>
            <table><tr><td>second table</td></tr></table>
            <p class="logo"><img alt="The institute's logo" src="data:image/png;base64,{OnePixelPng}"> <img alt="A chart from elsewhere" src="https://example.org/chart.png"></p>
            </section></div></body></html>
            """;
        using var word = WordprocessingDocument.Open(new MemoryStream(EditionDocx.FromHtml(html)), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var body = word.MainDocumentPart!.Document!.Body!;

        var reference = Assert.Single(body.Descendants<FootnoteReference>());
        var note = word.MainDocumentPart.FootnotesPart!.Footnotes!.Elements<Footnote>().Single(f => f.Id!.Value == reference.Id!.Value);
        Assert.Equal("Measured since 1979.", TextOf(note));
        Assert.DoesNotContain(body.Descendants<Paragraph>(), p => TextOf(p).Contains("Measured since", StringComparison.Ordinal));
        Assert.Equal("The thaw is real. See the data and the foreword.", TextOf(body.Descendants<Paragraph>().Single(p => TextOf(p).StartsWith("The thaw", StringComparison.Ordinal))));

        var links = body.Descendants<Hyperlink>().ToList();
        Assert.Equal("https://example.org/ice", word.MainDocumentPart.HyperlinkRelationships.Single(r => r.Id == links[0].Id).Uri.ToString());
        Assert.Equal("rt_foreword", links[1].Anchor!.Value);
        Assert.Contains(body.Descendants<BookmarkStart>(), b => b.Name == "rt_foreword");

        var items = body.Descendants<Paragraph>().Where(p => p.ParagraphProperties?.NumberingProperties is not null).ToList();
        Assert.Equal(["First point", "a nested bullet", "Second point"], items.Select(TextOf));
        Assert.Equal([0, 1, 0], items.Select(p => p.ParagraphProperties!.NumberingProperties!.NumberingLevelReference!.Val!.Value));

        var table = body.Elements<Table>().First();
        Assert.Equal(4, table.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Count());
        Assert.Equal(3, table.Descendants<GridSpan>().Single().Val!.Value);
        Assert.Equal(2, body.Elements<Table>().Count());
        Assert.Equal("en-GB", word.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<Languages>().Single().Val!.Value);

        // A picture the edition carries prints as a picture of its size; one from an address prints its description.
        var picture = Assert.Single(word.MainDocumentPart.ImageParts);
        Assert.Equal(Convert.FromBase64String(OnePixelPng), ReadAll(picture.GetStream()));
        var extent = Assert.Single(body.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent>());
        Assert.Equal((9525L, 9525L), (extent.Cx!.Value, extent.Cy!.Value));
        Assert.Equal("The institute's logo", body.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Single().Description!.Value);
        Assert.Contains(body.Descendants<Paragraph>(), p => TextOf(p) == "A chart from elsewhere");
    }

    [Fact]
    public void An_edition_with_a_cover_and_its_title_outside_the_front_matter_numbers_only_the_front_matter_and_the_body()
    {
        // The shape of an edition whose cover, documentation and title pages stand before the front matter and carry
        // no number, and whose contents show the PDF's page numbers.
        var html = $"""
            <!DOCTYPE html><html lang="en"><head><title>T</title></head><body>
            <section class="cover" id="cover"><img class="cover-logo" src="data:image/png;base64,{OnePixelPng}" alt="Meridian"><p class="cover-institution">Meridian Institute</p><p class="cover-title">The Title</p></section>
            <section class="doc-page" id="report-documentation"><h2 class="doc-heading">Report Documentation Page</h2><table class="doc"><tr><th>1. Report date</th><td>November 2026</td></tr></table></section>
            <section class="title-page" id="title-page"><h1 class="report-title">The Title</h1><p class="held">Held in Portland</p></section>
            <div class="front"><nav class="toc" id="contents"><h2>Contents</h2><ol>
              <li><a href="#foreword"><span class="toc-title">Foreword</span> <span class="toc-page">i</span></a></li>
              <li><a href="#summary"><span class="toc-title">Summary</span> <span class="toc-page">1</span></a></li></ol></nav>
              <section class="chapter" id="foreword"><h2>Foreword</h2><p>Words.</p></section></div>
            <div class="body"><section class="chapter" id="summary"><h2>Summary</h2><p>More words.</p></section></div>
            <section class="colophon" id="colophon"><h2>Colophon</h2><p>Set in a serif.</p></section>
            </body></html>
            """;
        using var word = WordprocessingDocument.Open(new MemoryStream(EditionDocx.FromHtml(html)), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var main = word.MainDocumentPart!;
        var body = main.Document!.Body!;

        var sections = body.Descendants<SectionProperties>().ToList();
        Assert.Equal([null, NumberFormatValues.LowerRoman, NumberFormatValues.Decimal, null],
            sections.Select(s => s.GetFirstChild<PageNumberType>()?.Format?.Value));
        bool Numbered(SectionProperties s) => ((FooterPart)main.GetPartById(s.Elements<FooterReference>().Single(r => r.Type!.Value == HeaderFooterValues.Default).Id!))
            .Footer!.Descendants<SimpleField>().Any();
        Assert.Equal([false, true, true, false], sections.Select(Numbered));
        Assert.NotNull(sections[0].GetFirstChild<TitlePage>());

        var paragraphs = body.Descendants<Paragraph>().ToList();
        var pageStarts = paragraphs.Where(p => p.ParagraphProperties?.PageBreakBefore is not null).Select(TextOf).ToList();
        Assert.Equal(["Report Documentation Page", "The Title", "Foreword"], pageStarts);
        Assert.Equal(["Foreword", "Summary"], paragraphs.Where(p => StyleOf(p) == "TOC1").Select(TextOf));
        Assert.Equal("The Title", TextOf(paragraphs.Single(p => StyleOf(p) == "Title")));
        Assert.Single(main.ImageParts);
        Assert.Equal(JustificationValues.Center, paragraphs.First(p => TextOf(p) == "Meridian Institute").ParagraphProperties!.Justification!.Val!.Value);
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        stream.Dispose();
        return copy.ToArray();
    }
}
