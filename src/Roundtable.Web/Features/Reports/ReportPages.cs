using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The per-report half of the report's paged media: one named page per part, so each part's pages carry its running
/// heads (the report's title on the left, the part's heading on the right) and its page number (roman in the front
/// matter, arabic from the conference summary). The cover, the documentation page and the title page are pages of
/// their own names with nothing in their margins (report.css). Chromium prints CSS margin boxes with counters and
/// strings, but not string-set, so the heads are literal strings here.
/// </summary>
public static partial class ReportPages
{
    /// <summary>Running heads are cut to this many characters (a title may be 300).</summary>
    public const int HeadLength = 70;

    public static string PageName(ReportContent.Part part) => "part-" + part.Anchor;

    public static string Css(ReportContent report)
    {
        var css = new StringBuilder();
        var title = CssString(Cut(Typography.Smarten(report.Title)));
        foreach (var part in report.Parts)
        {
            var (counter, style) = part.Front ? ("frontpage", "lower-roman") : ("bodypage", "decimal");
            css.Append(CultureInfo.InvariantCulture, $$"""
                #{{part.Anchor}} { page: {{PageName(part)}}; }
                @page {{PageName(part)}} { counter-increment: {{counter}};
                  @top-left { content: {{title}}; } @top-right { content: {{CssString(Cut(Typography.Smarten(part.Heading)))}}; }
                  @bottom-center { content: counter({{counter}}, {{style}}); } }

                """);
        }
        if (report.Cover is { } cover && IsColour(cover.Colour))
        {
            css.Append(CultureInfo.InvariantCulture, $$"""
                @page cover { background: {{cover.Colour}}; }
                .cover { background: {{cover.Colour}}; }

                """);
        }
        return css.ToString();
    }

    public static bool IsColour(string? colour) => colour is not null && HexColour().IsMatch(colour);

    private static string Cut(string s) => s.Length <= HeadLength ? s : s[..(s.LastIndexOf(' ', HeadLength) is > 20 and var at ? at : HeadLength)].TrimEnd(',', ';', ':') + "…";

    /// <summary>A CSS string literal: anything but letters, digits, spaces and plain punctuation is written as a hex escape, so no text can end the string or the style element.</summary>
    public static string CssString(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || (rune.IsAscii && " .,:;!?()'-".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                b.Append(rune.ToString());
            }
            else
            {
                b.Append('\\').Append(rune.Value.ToString("X", CultureInfo.InvariantCulture)).Append(' ');
            }
        }
        return b.Append('"').ToString();
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
