using System.Globalization;
using Roundtable.Web.Infrastructure.Hyphenation;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Lays out an edition and prints it, with the page where each part begins in its contents: printed once with the
/// numbers left blank, the contents' links read back from that PDF (each entry is one link to the page its part begins
/// on, in order), printed again with them filled in. The contents keep room for the numbers, so filling them in moves
/// nothing; the second PDF is read back too, and printed a third time in the unlikely case it moved. The HTML gets
/// printer's punctuation (<see cref="Typography"/>) and soft hyphens in its running text (<see cref="HtmlHyphenation"/>) as it
/// is laid out, so the stored edition is the HTML that was printed.
/// </summary>
public sealed class PrintEdition(RazorRenderer razor, PdfRenderer pdf, ILogger<PrintEdition> log)
{
    public const string View = "/Features/Reports/ReportDocument.cshtml";

    public sealed class Printed
    {
        public string Html { get; init; } = "";
        public byte[] Pdf { get; init; } = [];
        public int Printings { get; init; }
    }

    public async Task<Printed> HandleAsync(ReportContent content, CancellationToken ct)
    {
        content.PageNumbers = new Dictionary<string, string>();
        var html = await LayOutAsync(content);
        var bytes = await pdf.RenderAsync(html, ct);
        var printings = 1;
        var firstBodyPart = content.Parts.First(p => !p.Front).Anchor;
        while (ReadPageNumbers(bytes, content.ContentsAnchors, firstBodyPart) is { } found && !Same(found, content.PageNumbers))
        {
            if (printings == 3)
            {
                log.LogWarning("The contents' page numbers still moved after {Printings} printings; the edition keeps the last.", printings);
                break;
            }
            content.PageNumbers = found;
            html = await LayOutAsync(content);
            bytes = await pdf.RenderAsync(html, ct);
            printings++;
        }
        // The PDF (mailed, downloaded) opens on the title page, wherever the documentation page is, and its soft hyphens
        // inside lines leave no glyph that text extraction would read as a space (PdfUpdate).
        bytes = PdfUpdate.Finish(bytes, TitlePage(bytes));
        return new Printed { Html = html, Pdf = bytes, Printings = printings };
    }

    /// <summary>The edition's HTML: printer's punctuation, then soft hyphens in its running text for the document's language.</summary>
    private async Task<string> LayOutAsync(ReportContent content) =>
        HtmlHyphenation.Apply(Typography.Smarten(await razor.RenderAsync(View, content)), content.Lang);

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>
    /// The printed page label of each contents entry, read from the contents' links: the first page with internal links
    /// is the contents' first page (numbered i), <paramref name="firstBodyPart"/>'s page is numbered 1. Null when the PDF
    /// holds fewer links than entries.
    /// </summary>
    public static Dictionary<string, string>? ReadPageNumbers(byte[] pdfBytes, IReadOnlyList<string> anchors, string firstBodyPart)
    {
        using var document = PdfDocument.Open(pdfBytes);
        var (targets, contentsPage) = ContentsLinks(document, anchors.Count);
        var body = anchors.ToList().IndexOf(firstBodyPart);
        if (targets.Count < anchors.Count || body < 0)
        {
            return null;
        }
        var bodyStart = targets[body];
        return anchors.Select((anchor, k) => (anchor, page: targets[k]))
            .ToDictionary(x => x.anchor, x => x.page >= bodyStart ? (x.page - bodyStart + 1).ToString(CultureInfo.InvariantCulture) : Roman(x.page - contentsPage + 1));
    }

    /// <summary>
    /// The title page (1-based): the page before the contents, the first page with links inside the document (the title
    /// page is one page, cut at its height, and the contents begin on the next). Null if the PDF has no such links.
    /// </summary>
    public static int? TitlePage(byte[] pdfBytes)
    {
        using var document = PdfDocument.Open(pdfBytes);
        return ContentsLinks(document, 1).ContentsPage is > 1 and var contents ? contents - 1 : null;
    }

    /// <summary>The pages the first <paramref name="wanted"/> internal links point to, in reading order, and the page of the first.</summary>
    private static (List<int> Targets, int ContentsPage) ContentsLinks(PdfDocument document, int wanted)
    {
        var targets = new List<int>(wanted);
        var contentsPage = 0;
        for (var i = 1; i <= document.NumberOfPages && targets.Count < wanted; i++)
        {
            var links = document.GetPage(i).GetAnnotations()
                .Where(a => a.Type == AnnotationType.Link && a.Action is AbstractGoToAction)
                .OrderByDescending(a => a.Rectangle.Top).ThenBy(a => a.Rectangle.Left)
                .Select(a => ((AbstractGoToAction)a.Action!).Destination.PageNumber).ToList();
            if (links.Count > 0 && contentsPage == 0)
            {
                contentsPage = i;
            }
            targets.AddRange(links);
        }
        return (targets, contentsPage);
    }

    public static string Roman(int n)
    {
        if (n < 1)
        {
            return "";
        }
        var s = new System.Text.StringBuilder();
        foreach (var (value, numeral) in new[] { (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i") })
        {
            for (; n >= value; n -= value)
            {
                s.Append(numeral);
            }
        }
        return s.ToString();
    }
}
