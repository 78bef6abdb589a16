using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// An edition as a Word document, made from the HTML the edition stored, so it prints what the edition printed: the same
/// parts in the same order, the same labels, nothing derived again. The front matter is one section numbered i, ii, …
/// (its first page unnumbered, as in the PDF), the body another numbered from 1; the contents are a Word TOC field whose
/// entries are the edition's own until Word updates it (it is asked to on opening) with page numbers.
/// </summary>
public static class EditionDocx
{
    // US Letter with the PDF's margins (1in top, 1.1in sides, 0.9in bottom), in twentieths of a point.
    private const uint PageWidth = 12240;
    private const uint PageHeight = 15840;

    public static byte[] FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            var language = document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang : "en-US";
            main.AddNewPart<StyleDefinitionsPart>().Styles = EditionDocxStyles.Build(language);
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = EditionDocxStyles.Numbering();
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(
                // Word fills the contents' page numbers when it opens the file; LibreOffice keeps the entries as written.
                new UpdateFieldsOnOpen { Val = true },
                new FootnoteDocumentWideProperties(new FootnoteSpecialReference { Id = -1 }, new FootnoteSpecialReference { Id = 0 }),
                new Compatibility(new CompatibilitySetting { Name = CompatSettingNameValues.CompatibilityMode, Uri = "http://schemas.microsoft.com/office/word", Val = "15" }));
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });

            var numbered = main.AddNewPart<FooterPart>();
            numbered.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new ParagraphStyleId { Val = EditionDocxStyles.Footer }),
                new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " }));
            var blank = main.AddNewPart<FooterPart>();
            blank.Footer = new Footer(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = EditionDocxStyles.Footer })));

            var body = new Body();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(body);
            var flow = new EditionDocxFlow(main, footnotes.Footnotes, document);
            var (front, rest) = Split(document.Body!);
            flow.Write(body, front);
            if (rest.Count > 0 && front.Count > 0)
            {
                LastParagraph(body).ParagraphProperties ??= new ParagraphProperties();
                LastParagraph(body).ParagraphProperties!.SectionProperties =
                    Section(main.GetIdOfPart(numbered), main.GetIdOfPart(blank), NumberFormatValues.LowerRoman);
                flow.Write(body, rest);
                body.Append(Section(main.GetIdOfPart(numbered), null, NumberFormatValues.Decimal));
            }
            else
            {
                flow.Write(body, rest);
                body.Append(Section(main.GetIdOfPart(numbered), main.GetIdOfPart(blank), NumberFormatValues.Decimal));
            }
            package.PackageProperties.Title = document.QuerySelector("h1")?.TextContent.Trim() ?? document.Title ?? "";
            package.PackageProperties.Language = language;
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The front matter and the body: the edition marks them as <c>.front</c> and <c>.body</c> (the PDF numbers them i, ii, …
    /// and 1, 2, …). An edition without those marks is one section.
    /// </summary>
    private static (IReadOnlyList<IElement> Front, IReadOnlyList<IElement> Body) Split(IElement body)
    {
        var children = body.Children.ToList();
        var start = children.FindIndex(e => e.ClassList.Contains("body"));
        return start <= 0 ? ([], children) : (children[..start], children[start..]);
    }

    private static Paragraph LastParagraph(Body body)
    {
        if (body.LastChild is Paragraph p)
        {
            return p;
        }
        var empty = new Paragraph();
        body.Append(empty);
        return empty;
    }

    /// <param name="firstFooter">The footer of the section's first page (blank: the report's first page carries no number).</param>
    private static SectionProperties Section(string footer, string? firstFooter, NumberFormatValues format)
    {
        var section = new SectionProperties(new FooterReference { Type = HeaderFooterValues.Default, Id = footer });
        if (firstFooter is not null)
        {
            section.Append(new FooterReference { Type = HeaderFooterValues.First, Id = firstFooter });
        }
        section.Append(
            new SectionType { Val = SectionMarkValues.NextPage },
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = 1440, Right = 1584, Bottom = 1296, Left = 1584, Header = 720, Footer = 576, Gutter = 0 },
            new PageNumberType { Format = format, Start = 1 });
        if (firstFooter is not null)
        {
            section.Append(new TitlePage());
        }
        return section;
    }

    /// <summary>The width text may take between the margins, for tables.</summary>
    internal const int TextWidth = (int)PageWidth - 2 * 1584;
}
