using AngleSharp.Html.Parser;

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
