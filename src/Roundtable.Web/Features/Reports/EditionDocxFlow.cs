using System.Text.RegularExpressions;
using AngleSharp.Dom;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using S = Roundtable.Web.Features.Reports.EditionDocxStyles;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The edition's HTML, block by block, as WordprocessingML: headings to Word's heading styles, paragraphs, lists, tables,
/// the contents list to a TOC field, Markdig footnotes to Word footnotes. Each part (a child of the front matter or the
/// body) and each presentation after the first begins a page, as in the PDF.
/// </summary>
internal sealed partial class EditionDocxFlow(MainDocumentPart main, Footnotes footnotes, IDocument html)
{
    /// <summary>How the text of an element prints; the classes are those of the report template (ReportDocument.cshtml).</summary>
    private readonly record struct Format(bool Bold = false, bool Italic = false, bool Underline = false, bool Strike = false,
        bool Caps = false, bool Mono = false, VerticalPositionValues? Vertical = null, int? HalfPoints = null, string? Style = null);

    /// <summary>Where a paragraph goes and how it is set; <see cref="Item"/> numbers the first paragraph of a list item.</summary>
    private sealed record Context(string? Style = null, JustificationValues? Align = null, int Indent = 0, Format Text = default,
        ListItem? Item = null, bool Heading = false);

    private sealed class ListItem(int numberingId, int level)
    {
        public int NumberingId { get; } = numberingId;
        public int Level { get; } = level;
        public bool Used { get; set; }
    }

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "nav", "article", "header", "footer", "main", "aside", "figure", "figcaption", "blockquote", "pre", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li", "dl", "dt", "dd", "table", "details", "summary", "address",
    };

    private readonly Dictionary<string, IElement> notes = html.QuerySelectorAll(".footnotes li[id]")
        .GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    private readonly HashSet<string> anchors = html.QuerySelectorAll("[id]").Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
    private readonly List<string> pendingBookmarks = [];
    private bool pendingPageBreak;
    private bool sectionStart;
    private int nextBookmark = 1;
    private int nextFootnote = 1;
    private int nextNumbering = 1;
    private bool lastWasSpace = true;
    private bool inFootnote;

    /// <summary>Writes the elements as one section: its first part needs no page break, the section break gives it one.</summary>
    public void Write(OpenXmlCompositeElement target, IEnumerable<IElement> elements)
    {
        sectionStart = true;
        foreach (var e in elements)
        {
            Block(target, e, new Context());
        }
    }

    private void Block(OpenXmlCompositeElement target, IElement e, Context ctx)
    {
        var tag = e.LocalName;
        if (tag is "script" or "style" or "template" or "head" || e.ClassList.Contains("footnotes"))
        {
            return;
        }
        if (StartsPage(e))
        {
            pendingPageBreak = true;
        }
        if (e.Id is { Length: > 0 } id)
        {
            pendingBookmarks.Add(id);
        }
        ctx = ctx with { Text = Styled(e, ctx.Text) };
        if (e.ClassList.Contains("title-page") || e.ClassList.Contains("cover"))
        {
            ctx = ctx with { Align = JustificationValues.Center };
        }
        if (e.ClassList.Contains("fine-print"))
        {
            ctx = ctx with { Style = S.FinePrint };
        }
        switch (tag)
        {
            case "nav" when e.ClassList.Contains("toc") || e.Id == "contents":
                Contents(target, e, ctx);
                return;
            case "h1":
                Paragraph(target, e, ctx with { Style = S.Title, Align = null, Heading = true });
                return;
            case "h2" or "h3" or "h4" or "h5" or "h6":
                Paragraph(target, e, ctx with { Style = HeadingStyle(tag), Align = null, Heading = true });
                return;
            case "p" or "dt" or "summary" or "figcaption" or "address":
                Paragraph(target, e, e.ClassList.Contains("report-subtitle") ? ctx with { Style = S.Subtitle, Align = null }
                    : e.ClassList.Contains("signature") ? ctx with { Align = JustificationValues.Left } : ctx);
                return;
            case "pre":
                Paragraph(target, e, ctx with { Align = JustificationValues.Left, Text = ctx.Text with { Mono = true } });
                return;
            case "ol" or "ul":
                List(target, e, ctx);
                return;
            case "table":
                Table(target, e, ctx);
                return;
            case "hr":
                return;
            case "blockquote" or "dd":
                Container(target, e, ctx with { Indent = ctx.Indent + 720 });
                return;
            default:
                Container(target, e, ctx);
                return;
        }
    }

    private static string HeadingStyle(string tag) => tag switch { "h2" => S.Heading1, "h3" => S.Heading2, _ => S.Heading3 };

    /// <summary>
    /// A part of the report (a child of the front matter, of the body, or of the page itself: a cover, the title or the
    /// documentation page) or a presentation after the first.
    /// </summary>
    private static bool StartsPage(IElement e) =>
        (e.ParentElement is { } parent && (parent.ClassList.Contains("front") || parent.ClassList.Contains("body") || parent.LocalName == "body")
            && e.LocalName is "section" or "nav" or "div" && !e.ClassList.Contains("front") && !e.ClassList.Contains("body"))
        || (e.ClassList.Contains("presentation") && e.PreviousElementSibling?.ClassList.Contains("presentation") == true);

    private static Format Styled(IElement e, Format f)
    {
        var c = e.ClassList;
        if (c.Contains("speaker"))
        {
            f = f with { Bold = true, Style = S.Speaker };
        }
        if (c.Contains("ordinal"))
        {
            f = f with { Style = S.Ordinal };
        }
        if (c.Contains("author-name"))
        {
            f = f with { Bold = true };
        }
        if (c.Contains("presentation-title") || c.Contains("held") || c.Contains("report-subtitle"))
        {
            f = f with { Italic = true };
        }
        if (c.Contains("host") || c.Contains("cover-institution"))
        {
            f = f with { Caps = true };
        }
        if (c.Contains("cover-title"))
        {
            f = f with { Bold = true, HalfPoints = 56 };
        }
        if (c.Contains("cover-subtitle"))
        {
            f = f with { Italic = true, HalfPoints = 32 };
        }
        return e.LocalName switch
        {
            "strong" or "b" or "th" => f with { Bold = true },
            "em" or "i" or "cite" or "var" => f with { Italic = true },
            "u" or "ins" => f with { Underline = true },
            "s" or "del" or "strike" => f with { Strike = true },
            "code" or "kbd" or "samp" or "tt" => f with { Mono = true },
            "sup" => f with { Vertical = VerticalPositionValues.Superscript },
            "sub" => f with { Vertical = VerticalPositionValues.Subscript },
            "small" => f with { HalfPoints = 20 },
            _ => f,
        };
    }

    /// <summary>Block children as blocks; runs of inline children each as one paragraph.</summary>
    private void Container(OpenXmlCompositeElement target, IElement e, Context ctx)
    {
        var inline = new List<INode>();
        foreach (var node in e.ChildNodes)
        {
            if (node is IElement child && BlockTags.Contains(child.LocalName))
            {
                InlineParagraph(target, inline, ctx);
                inline.Clear();
                Block(target, child, ctx);
            }
            else
            {
                inline.Add(node);
            }
        }
        InlineParagraph(target, inline, ctx);
    }

    private void InlineParagraph(OpenXmlCompositeElement target, List<INode> nodes, Context ctx)
    {
        if (nodes.All(n => n is IText t && string.IsNullOrWhiteSpace(t.Data) || n is IComment))
        {
            return;
        }
        var p = NewParagraph(target, ctx);
        foreach (var n in nodes)
        {
            Inline(p, n, ctx.Text, ctx.Heading);
        }
        Finish(p);
    }

    private void Paragraph(OpenXmlCompositeElement target, IElement e, Context ctx)
    {
        var p = NewParagraph(target, ctx);
        foreach (var n in e.ChildNodes)
        {
            Inline(p, n, ctx.Text, ctx.Heading);
        }
        Finish(p);
    }

    private Paragraph NewParagraph(OpenXmlCompositeElement target, Context ctx)
    {
        var pPr = new ParagraphProperties();
        if (ctx.Style is { } style)
        {
            pPr.ParagraphStyleId = new ParagraphStyleId { Val = style };
        }
        if (pendingPageBreak && !sectionStart)
        {
            pPr.PageBreakBefore = new PageBreakBefore();
        }
        pendingPageBreak = false;
        sectionStart = false;
        if (ctx.Item is { Used: false } item)
        {
            item.Used = true;
            pPr.NumberingProperties = new NumberingProperties(new NumberingLevelReference { Val = item.Level }, new NumberingId { Val = item.NumberingId });
        }
        else if (ctx.Indent > 0 || ctx.Item is not null)
        {
            pPr.Indentation = new Indentation { Left = (ctx.Indent + (ctx.Item is { } i ? 360 * (i.Level + 2) : 0)).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        if (ctx.Align is { } align)
        {
            pPr.Justification = new Justification { Val = align };
        }
        var p = new Paragraph(pPr);
        foreach (var id in pendingBookmarks)
        {
            var n = nextBookmark++;
            p.Append(new BookmarkStart { Id = n.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = BookmarkName(id) },
                new BookmarkEnd { Id = n.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        pendingBookmarks.Clear();
        target.Append(p);
        lastWasSpace = true;
        return p;
    }

    /// <summary>Word's bookmark names begin with a letter, hold letters, digits and underscores, and are at most 40 long.</summary>
    internal static string BookmarkName(string id)
    {
        var name = "rt_" + NotWordCharacter().Replace(id, "_");
        return name.Length <= 40 ? name : name[..40];
    }

    [GeneratedRegex(@"[^A-Za-z0-9_]")]
    private static partial Regex NotWordCharacter();

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex Whitespace();

    /// <summary>A paragraph's trailing space is HTML's, not the text's.</summary>
    private static void Finish(Paragraph p)
    {
        if (p.Descendants<Text>().LastOrDefault() is { } last)
        {
            last.Text = last.Text.TrimEnd();
        }
    }
}
