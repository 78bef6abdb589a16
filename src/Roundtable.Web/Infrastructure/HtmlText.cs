using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Roundtable.Web.Infrastructure;

/// <summary>The readable text of an HTML document, one block per line: what a reader sees, for comparing and scanning.</summary>
public static partial class HtmlText
{
    [GeneratedRegex(@"<(style|script|head)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"</?(p|div|h[1-6]|li|tr|section|nav|table|ol|ul|br|blockquote)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Blocks();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex Spaces();

    public static string From(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = Blocks().Replace(text, "\n");
        text = Tags().Replace(text, "");
        // Soft hyphens (an edition's hyphenation points) are not text: "hyphenation" compares and searches as written.
        text = WebUtility.HtmlDecode(text).Replace("\u00AD", "", StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var clean = Spaces().Replace(line, " ").Trim();
            if (clean.Length > 0)
            {
                sb.Append(clean).Append('\n');
            }
        }
        return sb.ToString();
    }
}
