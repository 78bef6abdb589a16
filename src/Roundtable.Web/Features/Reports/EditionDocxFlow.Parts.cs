using System.Globalization;
using AngleSharp.Dom;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using S = Roundtable.Web.Features.Reports.EditionDocxStyles;

namespace Roundtable.Web.Features.Reports;

/// <summary>Text runs, links and footnotes; lists, tables and the contents.</summary>
internal sealed partial class EditionDocxFlow
{
    private void Inline(OpenXmlCompositeElement into, INode node, Format f, bool heading)
    {
        switch (node)
        {
            case IText t:
                // The template parts a presentation's label from its title with a line break (white-space: pre-wrap).
                if (heading && t.Data.Contains('\n') && string.IsNullOrWhiteSpace(t.Data) && t.PreviousSibling is IElement && t.NextSibling is IElement)
                {
                    into.Append(new Run(new Break()));
                    lastWasSpace = true;
                    return;
                }
                // The edition's soft hyphens are for its print; Word hyphenates by itself (autoHyphenation, EditionDocx).
                var text = Whitespace().Replace(t.Data, " ").Replace("\u00AD", "", StringComparison.Ordinal);
                if (lastWasSpace)
                {
                    text = text.TrimStart(' ');
                }
                if (text.Length > 0)
                {
                    into.Append(TextRun(text, f));
                    lastWasSpace = text.EndsWith(' ');
                }
                return;
            case IElement { LocalName: "br" }:
                into.Append(new Run(new Break()));
                lastWasSpace = true;
                return;
            case IElement { LocalName: "img" } img:
                if (Picture(img) is { } picture)
                {
                    into.Append(picture);
                    lastWasSpace = false;
                    return;
                }
                Inline(into, img.Owner!.CreateTextNode(img.GetAttribute("alt") ?? ""), f, heading);
                return;
            case IElement a when a.LocalName == "a" && a.ClassList.Contains("footnote-back-ref"):
                return;
            case IElement a when a.LocalName == "a" && a.ClassList.Contains("footnote-ref") && NoteOf(a) is { } note:
                Footnote(into, note);
                return;
            case IElement a when a.LocalName == "a" && a.GetAttribute("href") is { Length: > 0 } href:
                var link = Link(href);
                if (link is null)
                {
                    break;
                }
                into.Append(link);
                foreach (var child in a.ChildNodes)
                {
                    Inline(link, child, f with { Style = f.Style ?? S.Hyperlink }, heading);
                }
                return;
            case IElement e:
                var inner = Styled(e, f);
                foreach (var child in e.ChildNodes)
                {
                    Inline(into, child, inner, heading);
                }
                return;
            default:
                return;
        }
        foreach (var child in node.ChildNodes)
        {
            Inline(into, child, Styled((IElement)node, f), heading);
        }
    }

    private static Run TextRun(string text, Format f)
    {
        var run = new Run();
        var rPr = new RunProperties();
        if (f.Style is { } style)
        {
            rPr.RunStyle = new RunStyle { Val = style };
        }
        if (f.Mono)
        {
            rPr.RunFonts = new RunFonts { Ascii = "Courier New", HighAnsi = "Courier New", ComplexScript = "Courier New" };
        }
        if (f.Bold)
        {
            rPr.Bold = new Bold();
        }
        if (f.Italic)
        {
            rPr.Italic = new Italic();
        }
        if (f.Caps)
        {
            rPr.Caps = new Caps();
        }
        if (f.Strike)
        {
            rPr.Strike = new Strike();
        }
        if (f.HalfPoints is { } size)
        {
            rPr.FontSize = new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) };
        }
        if (f.Underline)
        {
            rPr.Underline = new Underline { Val = UnderlineValues.Single };
        }
        if (f.Vertical is { } vertical)
        {
            rPr.VerticalTextAlignment = new VerticalTextAlignment { Val = vertical };
        }
        if (rPr.HasChildren)
        {
            run.Append(rPr);
        }
        run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    /// <summary>A link inside the edition goes to the bookmark of its target; one elsewhere is an external hyperlink.</summary>
    private Hyperlink? Link(string href)
    {
        if (href.StartsWith('#'))
        {
            var id = Uri.UnescapeDataString(href[1..]);
            return anchors.Contains(id) ? new Hyperlink { Anchor = BookmarkName(id) } : null;
        }
        if (Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto")
        {
            return new Hyperlink { Id = main.AddHyperlinkRelationship(uri, true).Id };
        }
        return null;
    }

    private IElement? NoteOf(IElement reference) =>
        reference.GetAttribute("href") is { Length: > 1 } href && href[0] == '#' && notes.TryGetValue(Uri.UnescapeDataString(href[1..]), out var note) ? note : null;

    /// <summary>A Markdig footnote (<c>a.footnote-ref</c> → <c>.footnotes li</c>) as a Word footnote at the reference.</summary>
    private void Footnote(OpenXmlCompositeElement into, IElement note)
    {
        var id = nextFootnote++;
        var footnote = new Footnote { Id = id };
        footnotes.Append(footnote);
        var (bookmarks, pageBreak, start, space) = (pendingBookmarks.ToList(), pendingPageBreak, sectionStart, lastWasSpace);
        pendingBookmarks.Clear();
        (pendingPageBreak, sectionStart) = (false, true);
        // A picture belongs to the part it is in; the footnotes part gets none (a picture in a note prints its description).
        inFootnote = true;
        Container(footnote, note, new Context(Style: S.FootnoteText, Align: JustificationValues.Left));
        inFootnote = false;
        if (footnote.GetFirstChild<Paragraph>() is not { } first)
        {
            first = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = S.FootnoteText }));
            footnote.Append(first);
        }
        first.InsertAfter(new Run(new RunProperties(new RunStyle { Val = S.FootnoteReference }), new FootnoteReferenceMark()), first.ParagraphProperties);
        first.InsertAfter(new Run(new Text(" ") { Space = SpaceProcessingModeValues.Preserve }), first.ChildElements[1]);
        pendingBookmarks.AddRange(bookmarks);
        (pendingPageBreak, sectionStart, lastWasSpace) = (pageBreak, start, space);
        into.Append(new Run(new RunProperties(new RunStyle { Val = S.FootnoteReference }), new FootnoteReference { Id = id }));
    }

    /// <summary>Each list is a numbering instance of its own (so an ordered list starts again at its first number), at its depth.</summary>
    private void List(OpenXmlCompositeElement target, IElement list, Context ctx)
    {
        var level = Math.Min(8, ctx.Item is { } outer ? outer.Level + 1 : 0);
        var numberingId = nextNumbering++;
        var start = int.TryParse(list.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 1;
        main.NumberingDefinitionsPart!.Numbering.Append(new NumberingInstance(
            new AbstractNumId { Val = list.LocalName == "ol" ? S.NumberedList : S.BulletList },
            new LevelOverride(new StartOverrideNumberingValue { Val = start }) { LevelIndex = level }) { NumberID = numberingId });
        foreach (var li in list.Children.Where(c => c.LocalName == "li"))
        {
            if (li.Id is { Length: > 0 } id)
            {
                pendingBookmarks.Add(id);
            }
            Container(target, li, ctx with { Item = new ListItem(numberingId, level), Align = JustificationValues.Left });
        }
    }

    private void Table(OpenXmlCompositeElement target, IElement table, Context ctx)
    {
        if (pendingPageBreak && !sectionStart || pendingBookmarks.Count > 0)
        {
            NewParagraph(target, ctx with { Item = null });
        }
        var rows = table.Children.SelectMany(c => c.LocalName is "thead" or "tbody" or "tfoot" ? c.Children.ToArray() : new[] { c }).Where(r => r.LocalName == "tr").ToList();
        var columns = Math.Max(1, rows.Select(r => r.Children.Where(IsCell).Sum(Span)).DefaultIfEmpty(1).Max());
        var border = () => new BorderType[]
        {
            new TopBorder(), new LeftBorder(), new BottomBorder(), new RightBorder(), new InsideHorizontalBorder(), new InsideVerticalBorder(),
        };
        var borders = new TableBorders();
        foreach (var b in border())
        {
            b.Val = BorderValues.Single;
            b.Size = 4;
            b.Color = "444444";
            borders.Append(b);
        }
        var word = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, borders,
            new TableLayout { Type = TableLayoutValues.Fixed }));
        var grid = new TableGrid();
        for (var i = 0; i < columns; i++)
        {
            grid.Append(new GridColumn { Width = (EditionDocx.TextWidth / columns).ToString(CultureInfo.InvariantCulture) });
        }
        word.Append(grid);
        foreach (var tr in rows)
        {
            var row = new TableRow();
            foreach (var td in tr.Children.Where(IsCell))
            {
                var props = new TableCellProperties(new TableCellWidth { Width = (EditionDocx.TextWidth / columns * Span(td)).ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
                if (Span(td) > 1)
                {
                    props.Append(new GridSpan { Val = Span(td) });
                }
                if (td.LocalName == "th")
                {
                    props.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "F3F3F3" });
                }
                var cell = new TableCell(props);
                var saved = sectionStart;
                sectionStart = true;
                Container(cell, td, new Context(Align: JustificationValues.Left, Text: Styled(td, ctx.Text with { HalfPoints = 20 })));
                sectionStart = saved;
                if (cell.GetFirstChild<Paragraph>() is null)
                {
                    cell.Append(new Paragraph());
                }
                row.Append(cell);
            }
            if (row.HasChildren)
            {
                word.Append(row);
            }
        }
        target.Append(word);
        // Two tables in a row would merge into one in Word: a paragraph always follows.
        target.Append(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" })));
        sectionStart = false;
    }

    private static bool IsCell(IElement e) => e.LocalName is "td" or "th";

    private static int Span(IElement cell) =>
        int.TryParse(cell.GetAttribute("colspan"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 1 ? Math.Min(n, 63) : 1;

    /// <summary>
    /// The contents as Word's TOC field over Heading 1 and 2. Until Word updates it, its result is the edition's own list,
    /// entry by entry, each a link to its part; LibreOffice shows that list.
    /// </summary>
    private void Contents(OpenXmlCompositeElement target, IElement nav, Context ctx)
    {
        var entries = new List<(IElement Link, int Level)>();
        foreach (var child in nav.Children)
        {
            if (child.LocalName is "h1" or "h2" or "h3" or "h4")
            {
                Paragraph(target, child, ctx with { Style = S.TocHeading, Align = null, Heading = true });
            }
            else
            {
                Collect(child, 0, entries);
            }
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var (link, level) = entries[i];
            var p = NewParagraph(target, new Context(Style: level == 0 ? S.Toc1 : S.Toc2));
            if (i == 0)
            {
                p.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                    new Run(new FieldCode(" TOC \\o \"1-2\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }));
            }
            OpenXmlCompositeElement into = link.GetAttribute("href") is { } href && Link(href) is { } hyperlink ? p.AppendChild(hyperlink) : p;
            // The PDF's page numbers are not the document's: Word puts its own in when it updates the field.
            foreach (var n in link.ChildNodes.Where(n => n is not IElement { ClassList: var c } || !c.Contains("toc-page")))
            {
                Inline(into, n, default, heading: false);
            }
            Finish(p);
            if (i == entries.Count - 1)
            {
                p.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
            }
        }
    }

    private static void Collect(IElement e, int level, List<(IElement, int)> entries)
    {
        if (e.LocalName == "li")
        {
            if (e.Children.FirstOrDefault(c => c.LocalName == "a") is { } a)
            {
                entries.Add((a, level));
            }
            foreach (var nested in e.Children.Where(c => c.LocalName is "ol" or "ul"))
            {
                Collect(nested, level + 1, entries);
            }
            return;
        }
        foreach (var child in e.Children)
        {
            Collect(child, level, entries);
        }
    }
}
