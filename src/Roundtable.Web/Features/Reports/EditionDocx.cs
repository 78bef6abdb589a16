using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// An edition as a Word document, made from the HTML the edition stored, so it prints what the edition printed: the same
/// parts in the same order, the same labels, nothing derived again. The front matter is one section numbered i, ii, …,
/// the body another numbered from 1, and the document's first page unnumbered, as in the PDF; the contents are a Word TOC
/// field whose entries are the edition's own until Word updates it (it is asked to on opening) with page numbers.
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
            main.AddNewPart<DocumentSettingsPart>().Settings = new DocumentFormat.OpenXml.Wordprocessing.Settings(
                // Word's and LibreOffice's own hyphenation, by each paragraph's language, and never of words in capitals,
                // like the print's (the edition's soft hyphens are left out of the text).
                new AutoHyphenation(), new DoNotHyphenateCaps(),
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
            var (numberedId, blankId) = (main.GetIdOfPart(numbered), main.GetIdOfPart(blank));
            var sections = Sections(document.Body!);
            for (var i = 0; i < sections.Count; i++)
            {
                var (elements, pages) = sections[i];
                flow.Write(body, elements);
                // The document's first page carries no number, as in the PDF.
                var section = Section(numberedId, blankId, pages, firstPageBlank: i == 0);
                if (i < sections.Count - 1)
                {
                    var last = LastParagraph(body);
                    last.ParagraphProperties ??= new ParagraphProperties();
                    last.ParagraphProperties.SectionProperties = section;
                }
                else
                {
                    body.Append(section);
                }
            }
            package.PackageProperties.Title = document.QuerySelector("h1")?.TextContent.Trim() ?? document.Title ?? "";
            package.PackageProperties.Language = language;
        }
        return stream.ToArray();
    }

    private enum Pages { None, Roman, Arabic }

    /// <summary>
    /// The sections, numbered as the PDF numbers them: the front matter (<c>.front</c>) i, ii, …, the body (<c>.body</c>)
    /// 1, 2, …; pages before the front matter (a cover, the title and documentation pages, where the edition puts them
    /// outside it) and after the body carry no number. An edition without those marks is one section numbered 1, 2, ….
    /// </summary>
    private static List<(List<IElement> Elements, Pages Pages)> Sections(IElement body)
    {
        var children = body.Children.ToList();
        var lastBody = children.FindLastIndex(e => e.ClassList.Contains("body"));
        if (children.All(e => !e.ClassList.Contains("front") && !e.ClassList.Contains("body")))
        {
            return [(children, Pages.Arabic)];
        }
        var sections = new List<(List<IElement> Elements, Pages Pages)>();
        for (var i = 0; i < children.Count; i++)
        {
            var e = children[i];
            var pages = e.ClassList.Contains("front") ? Pages.Roman : e.ClassList.Contains("body") ? Pages.Arabic
                : sections.Count == 0 || i > lastBody && lastBody >= 0 ? Pages.None : sections[^1].Pages;
            if (sections.Count == 0 || sections[^1].Pages != pages)
            {
                sections.Add(([], pages));
            }
            sections[^1].Elements.Add(e);
        }
        return sections;
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

    private static SectionProperties Section(string numbered, string blank, Pages pages, bool firstPageBlank)
    {
        var section = new SectionProperties(new FooterReference { Type = HeaderFooterValues.Default, Id = pages == Pages.None ? blank : numbered });
        if (firstPageBlank)
        {
            section.Append(new FooterReference { Type = HeaderFooterValues.First, Id = blank });
        }
        section.Append(
            new SectionType { Val = SectionMarkValues.NextPage },
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = 1440, Right = 1584, Bottom = 1296, Left = 1584, Header = 720, Footer = 576, Gutter = 0 });
        if (pages != Pages.None)
        {
            section.Append(new PageNumberType { Format = pages == Pages.Roman ? NumberFormatValues.LowerRoman : NumberFormatValues.Decimal, Start = 1 });
        }
        if (firstPageBlank)
        {
            section.Append(new TitlePage());
        }
        return section;
    }

    /// <summary>The width text may take between the margins, for tables.</summary>
    internal const int TextWidth = (int)PageWidth - 2 * 1584;
}
