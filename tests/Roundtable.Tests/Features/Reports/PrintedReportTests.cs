using AngleSharp;
using Microsoft.Extensions.Logging.Abstractions;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Settings;
using Roundtable.Web.Infrastructure;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

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
        using var again = PdfDocument.Open(await bare.RenderAsync(edition.Html, CancellationToken.None));
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
}
