using AngleSharp.Html.Parser;
using Microsoft.Extensions.Caching.Memory;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// An edition for reading on a screen: the edition's own stylesheet and parts, opening on the title page and contents; the
/// documentation page (an archive form) moves to the end, with a link to it at the top, beside the downloads.
/// </summary>
public sealed class ReaderPage
{
    public string Language { get; init; } = "en";
    public string Title { get; init; } = "";
    public string EditionCss { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public bool HasDocumentation { get; init; }
    public string PdfUrl { get; init; } = "";

    /// <summary>The Word copy, offered on the organizers' and rapporteurs' edition page.</summary>
    public string? DocxUrl { get; init; }

    /// <summary>Where a signed-in reader came from (the report's page), if anywhere.</summary>
    public string? BackUrl { get; init; }

    public const string DocumentationId = "report-documentation";

    /// <summary>
    /// The reading of each edition's HTML, kept: an edition never changes once stored, so it is parsed once, not at every
    /// view (parsing the 2 MB edition of a 4,000-statement report took most of the page's time). Keyed by the database,
    /// the edition's id and when it was made (an id alone could come back after a roundtable is deleted), and bounded
    /// by size. Only what the edition says is kept; who may read it is decided per request before it is looked up.
    /// </summary>
    private static readonly Microsoft.Extensions.Caching.Memory.MemoryCache Parsed = new(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions
    {
        SizeLimit = 64L * 1024 * 1024,
    });

    public static ReaderPage From(string database, long editionId, DateTime createdAt, Func<string> editionHtml, string pdfUrl, string? docxUrl = null, string? backUrl = null)
    {
        var key = (database, editionId, createdAt);
        if (!Parsed.TryGetValue(key, out ReaderPage? parsed) || parsed is null)
        {
            parsed = From(editionHtml(), "");
            Parsed.Set(key, parsed, new Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions
            {
                Size = 2L * (parsed.BodyHtml.Length + parsed.EditionCss.Length) + 1024,
                SlidingExpiration = TimeSpan.FromHours(1),
            });
        }
        return new ReaderPage
        {
            Language = parsed.Language, Title = parsed.Title, EditionCss = parsed.EditionCss, BodyHtml = parsed.BodyHtml,
            HasDocumentation = parsed.HasDocumentation, PdfUrl = pdfUrl, DocxUrl = docxUrl, BackUrl = backUrl,
        };
    }

    public static ReaderPage From(string editionHtml, string pdfUrl, string? docxUrl = null, string? backUrl = null)
    {
        var document = new HtmlParser().ParseDocument(editionHtml);
        var body = document.Body!;
        var documentation = document.GetElementById(DocumentationId) ?? document.QuerySelector(".doc-page");
        if (documentation is not null)
        {
            // Kept as printed, after the report; the reader's page and its print open on the title.
            var end = document.CreateElement("div");
            end.ClassName = "reader-end";
            documentation.Remove();
            end.AppendChild(documentation);
            body.AppendChild(end);
        }
        return new ReaderPage
        {
            Language = document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang : "en",
            Title = document.Title ?? "",
            EditionCss = string.Join("\n", document.Head?.QuerySelectorAll("style").Select(s => s.TextContent) ?? []),
            BodyHtml = body.InnerHtml,
            HasDocumentation = documentation is not null,
            PdfUrl = pdfUrl,
            DocxUrl = docxUrl,
            BackUrl = backUrl,
        };
    }
}
