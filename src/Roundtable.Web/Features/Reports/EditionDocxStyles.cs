using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The Word styles of the DOCX edition. The parts are Word's own built-in headings (Heading 1–3 with outline levels),
/// so Word's navigation pane and its table of contents find them, and a publications office can restyle the whole report
/// by editing a style; labels and lists have named styles for the same reason.
/// </summary>
internal static class EditionDocxStyles
{
    public const string Title = "Title";
    public const string Subtitle = "Subtitle";
    public const string Heading1 = "Heading1";
    public const string Heading2 = "Heading2";
    public const string Heading3 = "Heading3";
    public const string TocHeading = "TOCHeading";
    public const string Toc1 = "TOC1";
    public const string Toc2 = "TOC2";
    public const string FinePrint = "FinePrint";
    public const string FootnoteText = "FootnoteText";
    public const string FootnoteReference = "FootnoteReference";
    public const string Speaker = "SpeakerLabel";
    public const string Ordinal = "PresentationLabel";
    public const string Hyperlink = "Hyperlink";
    public const string Footer = "Footer";

    // Half-points and twentieths of a point, as Word counts them.
    private const string Face = "Times New Roman";

    public static Styles Build(string language) => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = Face, HighAnsi = Face, ComplexScript = Face, EastAsia = Face },
                new FontSize { Val = "24" }, new FontSizeComplexScript { Val = "24" },
                new Languages { Val = language })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { After = "160", Line = "300", LineRule = LineSpacingRuleValues.Auto }))),
        Paragraph("Normal", "Normal", null, p => p.Append(new WidowControl(), new Justification { Val = JustificationValues.Both }), isDefault: true),
        Paragraph(Title, "Title", null, p => p.Append(new KeepNext(), new SpacingBetweenLines { Before = "480", After = "120" }, new Justification { Val = JustificationValues.Center }),
            r => r.Append(new Bold(), new FontSize { Val = "48" }, new FontSizeComplexScript { Val = "48" })),
        Paragraph(Subtitle, "Subtitle", null, p => p.Append(new SpacingBetweenLines { After = "600" }, new Justification { Val = JustificationValues.Center }),
            r => r.Append(new Italic(), new FontSize { Val = "30" }, new FontSizeComplexScript { Val = "30" })),
        Heading(Heading1, "heading 1", 0, center: true, r => r.Append(new Bold(), new Caps(), new FontSize { Val = "30" }, new FontSizeComplexScript { Val = "30" })),
        Heading(Heading2, "heading 2", 1, center: true, r => r.Append(new Bold(), new FontSize { Val = "25" }, new FontSizeComplexScript { Val = "25" })),
        Heading(Heading3, "heading 3", 2, center: false, r => r.Append(new Italic())),
        // Word's own "TOC Heading": looks like a part heading, is not listed in the contents it heads.
        Paragraph(TocHeading, "TOC Heading", Heading1, p => p.Append(new OutlineLevel { Val = 9 })),
        Paragraph(Toc1, "toc 1", null, p => p.Append(new SpacingBetweenLines { After = "80" }, new Justification { Val = JustificationValues.Left })),
        Paragraph(Toc2, "toc 2", null, p => p.Append(new SpacingBetweenLines { After = "60" }, new Indentation { Left = "440" }, new Justification { Val = JustificationValues.Left })),
        Paragraph(FinePrint, "Fine Print", null, p => p.Append(new Justification { Val = JustificationValues.Center }),
            r => r.Append(new FontSize { Val = "19" }, new FontSizeComplexScript { Val = "19" })),
        Paragraph(FootnoteText, "footnote text", null, p => p.Append(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }),
            r => r.Append(new FontSize { Val = "20" }, new FontSizeComplexScript { Val = "20" })),
        Paragraph(Footer, "footer", null, p => p.Append(new Justification { Val = JustificationValues.Center }),
            r => r.Append(new FontSize { Val = "20" }, new FontSizeComplexScript { Val = "20" })),
        Character(FootnoteReference, "footnote reference", r => r.Append(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript })),
        Character(Speaker, "Speaker Label", r => r.Append(new Bold())),
        // As in the PDF: the label on a line of its own, not bold, its text as written (no small caps, which extract as capitals).
        Character(Ordinal, "Presentation Label", r => r.Append(new Bold { Val = false }, new BoldComplexScript { Val = false })),
        Character(Hyperlink, "Hyperlink", r => r.Append(new Underline { Val = UnderlineValues.Single })));

    private static Style Heading(string id, string name, int level, bool center, Action<StyleRunProperties> run) =>
        Paragraph(id, name, null, p =>
        {
            p.Append(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = level == 0 ? "0" : "360", After = level == 0 ? "320" : "200" });
            if (center)
            {
                p.Append(new Justification { Val = JustificationValues.Center });
            }
            p.Append(new OutlineLevel { Val = level });
        }, run, uiPriority: 9);

    private static Style Paragraph(string id, string name, string? basedOn, Action<StyleParagraphProperties> paragraph,
        Action<StyleRunProperties>? run = null, bool isDefault = false, int? uiPriority = null)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id, Default = isDefault ? true : null };
        style.Append(new StyleName { Val = name });
        if (!isDefault)
        {
            style.Append(new BasedOn { Val = basedOn ?? "Normal" });
        }
        style.Append(new NextParagraphStyle { Val = "Normal" });
        if (uiPriority is { } priority)
        {
            style.Append(new UIPriority { Val = priority });
        }
        style.Append(new PrimaryStyle());
        var p = new StyleParagraphProperties();
        paragraph(p);
        style.Append(p);
        if (run is not null)
        {
            var r = new StyleRunProperties();
            run(r);
            style.Append(r);
        }
        return style;
    }

    private static Style Character(string id, string name, Action<StyleRunProperties> run)
    {
        var r = new StyleRunProperties();
        run(r);
        return new Style(new StyleName { Val = name }, new PrimaryStyle(), r) { Type = StyleValues.Character, StyleId = id };
    }

    /// <summary>One bulleted and one numbered list; each list in the text gets its own instance, so numbering restarts.</summary>
    public static Numbering Numbering() => new(List(BulletList, bullet: true), List(NumberedList, bullet: false));

    public const int BulletList = 1;
    public const int NumberedList = 2;

    private static AbstractNum List(int id, bool bullet)
    {
        var abstractNum = new AbstractNum(new MultiLevelType { Val = MultiLevelValues.HybridMultilevel }) { AbstractNumberId = id };
        for (var level = 0; level < 9; level++)
        {
            var format = bullet ? NumberFormatValues.Bullet : (level % 3) switch { 0 => NumberFormatValues.Decimal, 1 => NumberFormatValues.LowerLetter, _ => NumberFormatValues.LowerRoman };
            abstractNum.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = format },
                new LevelText { Val = bullet ? (level % 2 == 0 ? "•" : "◦") : $"%{level + 1}." },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = (360 * (level + 1) + 360).ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "360" }))
            { LevelIndex = level });
        }
        return abstractNum;
    }
}
