namespace Roundtable.Web.Infrastructure;

/// <summary>The tag between a "&lt;" and its "&gt;", for the code that walks HTML by hand (typography, hyphenation).</summary>
internal static class HtmlTags
{
    /// <summary>The tag at <paramref name="lt"/> (its "&lt;") ending at <paramref name="gt"/> (its "&gt;"): its name as written (empty for a comment, a doctype or a stray "&lt;"), whether it closes, and where its name ends.</summary>
    public static (string Name, bool Closing, int NameEnd) At(string html, int lt, int gt)
    {
        var closing = lt + 1 < html.Length && html[lt + 1] == '/';
        var start = lt + (closing ? 2 : 1);
        var nameEnd = start;
        while (nameEnd < gt && char.IsAsciiLetterOrDigit(html[nameEnd]))
        {
            nameEnd++;
        }
        return (html[start..nameEnd], closing, nameEnd);
    }
}
