using AngleSharp;
using Microsoft.Extensions.Logging.Abstractions;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Settings;
using Roundtable.Web.Infrastructure;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace Roundtable.Tests.Features.Reports;

/// <summary>The printed report read back with PdfPig: pages, numbers, running heads, contents, fonts, text as written.</summary>
public sealed class PrintedReportTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>One printed page: its running head (above the top margin), its footer (below the bottom margin), its body text.</summary>
    private sealed record PrintedPage(string Head, string Footer, string Body);

    private static List<PrintedPage> Read(PdfDocument document) => document.GetPages().Select(p =>
    {
        var words = p.GetWords().ToList();
        string Join(IEnumerable<Word> ws) => string.Join(" ", ws.OrderByDescending(w => Math.Round(w.BoundingBox.Bottom)).ThenBy(w => w.BoundingBox.Left).Select(w => w.Text));
        var top = p.Height - 72; // the top margin is 1in, the bottom 0.9in
        return new PrintedPage(Join(words.Where(w => w.BoundingBox.Bottom > top)), Join(words.Where(w => w.BoundingBox.Top < 0.9 * 72)),
            Join(words.Where(w => w.BoundingBox.Bottom <= top && w.BoundingBox.Top >= 0.9 * 72)));
    }).ToList();

    private static readonly string[] Roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

    [Fact]
    public async Task Contents_entries_carry_the_page_where_each_part_begins_and_only_numbered_pages_have_running_heads()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var edition = (await s.EditionAsync(1))!;
        using var document = PdfDocument.Open(edition.Pdf!);
        var pages = Read(document);
        var title = pages.FindIndex(p => p.Body.Contains("Special report on the roundtable held", StringComparison.Ordinal));
        Assert.Equal(1, title); // the documentation page comes first (the default), then the title page
        Assert.StartsWith("Report Documentation Page", pages[0].Body, StringComparison.Ordinal);
        foreach (var unnumbered in pages.Take(title + 1))
        {
            Assert.Equal("", unnumbered.Footer);
            Assert.Equal("", unnumbered.Head);
        }
        // From the page after the title: i, ii... to the conference summary, then 1, 2...
        var body = pages.FindIndex(p => p.Body.StartsWith("Conference Summary", StringComparison.Ordinal));
        Assert.True(body > title + 1);
        Assert.Equal(Roman.Take(body - title - 1), pages.Skip(title + 1).Take(body - title - 1).Select(p => p.Footer));
        Assert.Equal(Enumerable.Range(1, pages.Count - body).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), pages.Skip(body).Select(p => p.Footer));

        // Each part's page, found by its heading at the top of a page, is the number the contents prints beside it.
        var html = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(edition.Html));
        var entries = html.QuerySelectorAll("#contents a").Select(a => (Title: a.QuerySelector(".toc-title")!.TextContent, Page: a.QuerySelector(".toc-page")!.TextContent)).ToList();
        Assert.Equal(6 + 6, entries.Count); // six parts after the contents (no participants' biographies here), six presentations
        var contents = string.Join(" ", pages.Where(p => p.Head.EndsWith("Contents", StringComparison.Ordinal)).Select(p => p.Body));
        foreach (var (heading, printed) in entries)
        {
            var begins = pages.FindIndex(title + 2, p => p.Body.StartsWith(heading.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal)
                || p.Body.Contains(heading.Replace(": ", " ", StringComparison.Ordinal), StringComparison.Ordinal));
            Assert.True(begins > title, $"“{heading}” begins on no page");
            Assert.Equal(pages[begins].Footer, printed);
            Assert.Contains($"{heading} {printed}", contents, StringComparison.Ordinal);
        }

        // Running heads: the report's title on the left, the part on the right, on every numbered page.
        Assert.All(pages.Skip(title + 1), p => Assert.StartsWith("Northern Lights Roundtable", p.Head, StringComparison.Ordinal));
        Assert.EndsWith("Contents", pages[title + 1].Head, StringComparison.Ordinal);
        Assert.EndsWith("Conference Summary", pages[body].Head, StringComparison.Ordinal);
        Assert.EndsWith("Appendix: Proceedings (Edited)", pages[^1].Head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_extracts_as_written_with_printers_punctuation_and_label_apart_from_title()
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.Foreword = "We said \"no\" -- twice -- and it's done... Twenty-one participants---all of them---came."; return f; });
        Assert.True((await s.AssembleAsync()).Ok);
        var edition = (await s.EditionAsync(1))!;
        using var document = PdfDocument.Open(edition.Pdf!);
        var text = string.Join("\n", Read(document).Select(p => p.Body));
        Assert.Contains("We said “no” – twice – and it’s done… Twenty-one participants—all of them—came.", text, StringComparison.Ordinal);
        // Headings and labels as written: no capitals made by the stylesheet, no letters spaced apart.
        Assert.Contains("Conference Summary", text, StringComparison.Ordinal);
        Assert.Contains("Where Should We Go from Here?", text, StringComparison.Ordinal);
        Assert.Contains("Initial Presentation Opening the Ice", text, StringComparison.Ordinal);
        Assert.Contains("Second Presentation", text, StringComparison.Ordinal);
        Assert.DoesNotContain("S econd", text, StringComparison.Ordinal);
        // The stored HTML of the statements is untouched: the edition curls it as it prints.
        Assert.Contains("The presenter replied", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_bundled_faces_print_names_in_any_script_and_the_pages_are_the_same_without_host_fonts()
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f =>
        {
            f.Foreword = "We thank Łukasz Gómez, Νίκος Παπαδόπουλος, Анна Кузнецова, Արամ Խաչատրյան and Дмитрий for coming.";
            return f;
        });
        Assert.True((await s.AssembleAsync()).Ok);
        var edition = (await s.EditionAsync(1))!;
        using var document = PdfDocument.Open(edition.Pdf!);
        var letters = document.GetPages().SelectMany(p => p.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        static string Face(Letter l) => (l.FontName ?? "")[((l.FontName ?? "").IndexOf('+', StringComparison.Ordinal) + 1)..];
        var faces = letters.Select(Face).Distinct().Order(StringComparer.Ordinal).ToArray();
        var bundled = Directory.GetFiles(ReportFonts.Folder, "*.ttf").Select(f => Path.GetFileNameWithoutExtension(f).Replace("-Regular", "", StringComparison.Ordinal)).ToHashSet();
        Assert.All(faces, f => Assert.Contains(f, bundled));
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Νίκος Παπαδόπουλος, Анна Кузнецова, Արամ Խաչատրյան", text, StringComparison.Ordinal);
        Assert.Equal("LiberationSerif", Face(letters.First(l => l.Value == "Ν")));
        Assert.Equal("LiberationSerif", Face(letters.First(l => l.Value == "Д")));
        Assert.Equal("DejaVuSerif", Face(letters.First(l => l.Value == "Ա"))); // Armenian: the bundled fallback, never an empty box

        // The same HTML printed by a Chromium that sees no fonts at all: the same pages, each heading on the same page.
        var folder = Path.Combine(app.Folder, "no-fonts");
        Directory.CreateDirectory(Path.Combine(folder, "empty"));
        var config = Path.Combine(folder, "fonts.conf");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig><dir>{Path.Combine(folder, "empty")}</dir><cachedir>{Path.Combine(folder, "cache")}</cachedir></fontconfig>
            """);
        await using var bare = new PdfRenderer(new PdfSettings { FontConfigFile = config }, NullLogger<PdfRenderer>.Instance);
        using var again = PdfDocument.Open(PdfUpdate.WithoutSoftHyphenSpans(await bare.RenderAsync(edition.Html, CancellationToken.None)));
        Assert.Equal(document.NumberOfPages, again.NumberOfPages);
        Assert.Equal(Read(document), Read(again));
    }

    [Fact]
    public async Task A_very_long_title_wraps_and_stays_on_the_title_page()
    {
        var s = await ReportScenario.CreateAsync(app);
        var title = string.Join(" ", Enumerable.Repeat("Maritime Governance, Extended Continental Shelves and Cooperation", 4)) + " Endword";
        await s.SaveTextsAsync(f => { f.Title = title; f.Subtitle = "Lessons from Decades of Negotiation in the High North and Beyond"; return f; });
        Assert.True((await s.AssembleAsync()).Ok);
        using var document = PdfDocument.Open((await s.EditionAsync(1))!.Pdf!);
        var pages = Read(document);
        var at = pages.FindIndex(p => p.Body.Contains("Maritime Governance", StringComparison.Ordinal) && !p.Body.StartsWith("Report Documentation", StringComparison.Ordinal));
        Assert.Equal(1, at);
        Assert.Contains("Endword", pages[at].Body, StringComparison.Ordinal);
        Assert.Contains("Special report on the roundtable held", pages[at].Body, StringComparison.Ordinal);
        Assert.StartsWith("Contents", pages[at + 1].Body, StringComparison.Ordinal);
        Assert.Equal("i", pages[at + 1].Footer);
        // Every word of the title is within the page's width.
        var page = document.GetPage(at + 1);
        Assert.All(page.GetWords(), w => Assert.True(w.BoundingBox.Right <= page.Width - 72, $"“{w.Text}” runs off the page"));
    }

    [Theory]
    [InlineData(DocumentationPlaces.End)]
    [InlineData(DocumentationPlaces.Omit)]
    public async Task The_documentation_page_prints_where_the_report_says(string place)
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.DocumentationPage = place; return f; });
        Assert.Equal(place, (await app.Run<GetReport, ReportForm>(g => g.HandleAsync(s.RoundtableId, CancellationToken.None))).DocumentationPage);
        Assert.True((await s.AssembleAsync()).Ok);
        using var document = PdfDocument.Open((await s.EditionAsync(1))!.Pdf!);
        var pages = Read(document);
        Assert.Contains("Special report on the roundtable held", pages[0].Body, StringComparison.Ordinal);
        Assert.Equal("i", pages[1].Footer);
        var documentation = pages.FindIndex(p => p.Body.StartsWith("Report Documentation Page", StringComparison.Ordinal));
        Assert.Equal(place == DocumentationPlaces.End ? pages.Count - 1 : -1, documentation);
        if (documentation >= 0)
        {
            Assert.Equal("", pages[documentation].Footer);
            Assert.Equal("", pages[documentation].Head);
        }
    }

    [Fact]
    public async Task The_cover_carries_the_institutions_logo_name_and_colour_and_no_number()
    {
        var s = await ReportScenario.CreateAsync(app);
        var result = await app.Run<SaveBranding, Result<bool>>(b => b.HandleAsync(new BrandingForm
        {
            InstitutionName = "Northern Policy Institute", Colour = "#7a1f3d", Cover = true, Logo = TestImages.Png("logo.png"),
        }, s.OrganizerId, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        try
        {
            Assert.True((await s.AssembleAsync()).Ok);
            var edition = (await s.EditionAsync(1))!;
            Assert.Contains("data:image/png;base64,", edition.Html, StringComparison.Ordinal);
            using var document = PdfDocument.Open(edition.Pdf!);
            var pages = Read(document);
            Assert.Contains("Northern Policy Institute", pages[0].Body + pages[0].Head, StringComparison.Ordinal);
            Assert.Contains("Northern Lights Roundtable", pages[0].Body, StringComparison.Ordinal);
            Assert.Equal("", pages[0].Footer);
            Assert.NotEmpty(document.GetPage(1).GetImages());
            Assert.StartsWith("Report Documentation Page", pages[1].Body, StringComparison.Ordinal);
            Assert.Equal("i", pages[3].Footer);
        }
        finally
        {
            await app.Run<SaveBranding, Result<bool>>(b => b.HandleAsync(new BrandingForm { RemoveLogo = true }, s.OrganizerId, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(DocumentationPlaces.Before)]
    [InlineData(DocumentationPlaces.End)]
    [InlineData(DocumentationPlaces.Omit)]
    public async Task The_pdf_opens_on_the_title_page_wherever_the_documentation_page_is(string place)
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.DocumentationPage = place; return f; });
        Assert.True((await s.AssembleAsync()).Ok);
        var pdf = (await s.EditionAsync(1))!.Pdf!;
        using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = false });
        var pages = Read(document);
        var title = pages.FindIndex(p => p.Body.Contains("Special report on the roundtable held", StringComparison.Ordinal));
        Assert.Equal(place == DocumentationPlaces.Before ? 1 : 0, title);
        Assert.Equal(title + 1, PdfUpdate.OpeningPage(document));
        var catalog = document.Structure.Catalog.CatalogDictionary;
        var action = Assert.IsType<ArrayToken>(catalog.Data["OpenAction"]);
        Assert.Equal("Fit", Assert.IsType<NameToken>(action.Data[1]).Data);
        // Chromium's catalog is otherwise as it was: the page tree, the outline, the tags, the language.
        Assert.All(new[] { "Pages", "Outlines", "StructTreeRoot", "MarkInfo", "Lang" }, key => Assert.True(catalog.Data.ContainsKey(key), key));
        Assert.True(document.TryGetBookmarks(out var bookmarks), "the PDF has no outline");
        Assert.Contains("Conference Summary", bookmarks.GetNodes().Select(n => n.Title));
        // Appended as an update: Chromium's own file is still the first part of it, whole.
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var chromiumEnd = text.IndexOf("%%EOF", StringComparison.Ordinal) + 5;
        using (var original = PdfDocument.Open(pdf[..chromiumEnd]))
        {
            Assert.Equal(document.NumberOfPages, original.NumberOfPages);
            Assert.Null(PdfUpdate.OpeningPage(original));
        }
        var check = await QpdfCheckAsync(pdf);
        Assert.True(check.Ok, check.Output);
    }

    /// <summary>qpdf's structural check of a PDF (Debian's qpdf).</summary>
    private async Task<(bool Ok, string Output)> QpdfCheckAsync(byte[] pdf)
    {
        var file = Path.Combine(app.Folder, Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        using var qpdf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("qpdf", ["--check", file])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await qpdf.StandardOutput.ReadToEndAsync() + await qpdf.StandardError.ReadToEndAsync();
        await qpdf.WaitForExitAsync();
        return (qpdf.ExitCode == 0 && output.Contains("No syntax or stream encoding errors found", StringComparison.Ordinal), output);
    }

    private const string LongParagraph =
        "Governments should consider comprehensive international arrangements for environmental monitoring, infrastructure " +
        "maintenance and responsibilities regarding transportation across increasingly accessible northern waterways. Participants " +
        "emphasized that institutional coordination, particularly between regional administrations and national ministries, remains " +
        "fragmented and underfinanced. Consequently, the recommendations concentrated on establishing permanent consultative " +
        "mechanisms, strengthening scientific cooperation, and guaranteeing that indigenous communities participate meaningfully in " +
        "deliberations affecting traditional livelihoods. Several participants questioned whether existing multilateral frameworks " +
        "could accommodate accelerating commercial developments without substantial modernization of their operational procedures, " +
        "and whether Christopherson, Montgomery and Abernathy had understood the extraordinarily complicated jurisdictional questions.";

    [Fact]
    public async Task A_long_justified_paragraph_breaks_words_at_hyphens_and_reads_back_as_written()
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.PolicyImplications = LongParagraph; return f; });
        Assert.True((await s.AssembleAsync()).Ok);
        var edition = (await s.EditionAsync(1))!;
        Assert.Contains(HtmlHyphenationMark + "", edition.Html, StringComparison.Ordinal); // the stored edition is what was printed
        Assert.Contains(LongParagraph, edition.TextContent.ReplaceLineEndings(" "), StringComparison.Ordinal); // its text reads as written
        using var document = PdfDocument.Open(edition.Pdf!);
        var page = document.GetPages().First(p => p.GetWords().Any(w => w.Text == "Governments"));
        // The paragraph's lines, top to bottom: words on one baseline, left to right.
        var lines = page.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key)
            .Select(g => g.OrderBy(w => w.BoundingBox.Left).ToList())
            .SkipWhile(l => l[0].Text != "Governments").TakeWhile(l => l.Count > 0 && l[0].BoundingBox.Bottom > 0.9 * 72).ToList();
        var texts = lines.Select(l => string.Join(" ", l.Select(w => w.Text))).TakeWhile(t => !t.StartsWith("Northern", StringComparison.Ordinal)).ToList();
        var last = texts.FindIndex(t => t.EndsWith("questions.", StringComparison.Ordinal));
        Assert.True(last > 3, string.Join("\n", texts));
        texts = texts.Take(last + 1).ToList();
        static bool Hyphenated(string line) => line.EndsWith('\u2010') || line.EndsWith('-');
        Assert.Contains(texts, Hyphenated);
        // Rejoined, the hyphenated words are the words written: the hyphen shows only at a line's end.
        var joined = string.Concat(texts.Select(t => Hyphenated(t) ? t[..^1].TrimEnd() : t + " ")).Trim();
        Assert.Equal(LongParagraph, joined);
        Assert.DoesNotContain(texts.Take(texts.Count - 1), t => t.Contains('\u00AD', StringComparison.Ordinal));
        // Names are never broken.
        Assert.DoesNotContain(texts, t => t.EndsWith("Christo\u2010", StringComparison.Ordinal) || t.EndsWith("Mont\u2010", StringComparison.Ordinal));
        // Justified: every line but the last reaches the right margin.
        var right = lines.Take(last).Max(l => l[^1].BoundingBox.Right);
        Assert.All(lines.Take(last), l => Assert.InRange(l[^1].BoundingBox.Right, right - 1.5, right + 0.5));
    }

    private const char HtmlHyphenationMark = Roundtable.Web.Infrastructure.Hyphenation.HtmlHyphenation.SoftHyphen;
}
