using System.Text;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Printer's punctuation over finished HTML, as Markdig's SmartyPants does over Markdown: curly quotes and apostrophes,
/// en and em dashes ("--", "---", a spaced hyphen) and the ellipsis. It works on the HTML's text, never its tags or
/// attributes, and leaves style, script, code and pre alone, so it applies equally to Markdown rendered now and to
/// statements stored rendered long ago (their stored HTML is never rewritten; the report curls them as it prints).
/// </summary>
public static class Typography
{
    private static readonly HashSet<string> Verbatim = new(StringComparer.OrdinalIgnoreCase) { "style", "script", "code", "pre", "textarea" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div", "br", "blockquote", "section", "ol", "ul", "nav", "table", "tr", "body", "title",
    };

    public static string Smarten(string html)
    {
        var b = new StringBuilder(html.Length + 256);
        string? verbatim = null;
        var prev = ' ';
        var i = 0;
        while (i < html.Length)
        {
            if (html[i] == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    b.Append(html, i, html.Length - i);
                    break;
                }
                var (name, closing, _) = HtmlTags.At(html, i, end);
                if (verbatim is null && !closing && Verbatim.Contains(name) && html[end - 1] != '/')
                {
                    verbatim = name;
                }
                else if (verbatim is not null && closing && name.Equals(verbatim, StringComparison.OrdinalIgnoreCase))
                {
                    verbatim = null;
                }
                if (Blocks.Contains(name))
                {
                    prev = ' ';
                }
                b.Append(html, i, end + 1 - i);
                i = end + 1;
                continue;
            }
            var next = html.IndexOf('<', i);
            if (next < 0)
            {
                next = html.Length;
            }
            if (verbatim is null)
            {
                Text(html.AsSpan(i, next - i), b, ref prev);
            }
            else
            {
                b.Append(html, i, next - i);
            }
            i = next;
        }
        return b.ToString();
    }

    private static void Text(ReadOnlySpan<char> s, StringBuilder b, ref char prev)
    {
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            var width = 1;
            char? quote = null;
            if (c == '&')
            {
                foreach (var (entity, q) in Entities)
                {
                    if (s[i..].StartsWith(entity, StringComparison.Ordinal))
                    {
                        quote = q;
                        width = entity.Length;
                        break;
                    }
                }
                if (quote is null)
                {
                    var semi = s[i..].IndexOf(';');
                    width = semi is > 0 and < 10 ? semi + 1 : 1;
                    b.Append(s.Slice(i, width));
                    prev = 'x';
                    i += width;
                    continue;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            var after = i + width < s.Length ? s[i + width] : ' ';
            var opens = char.IsWhiteSpace(prev) || prev is '(' or '[' or '{' or '—' or '–' or '“' or '‘' or '/';
            if (quote == '"')
            {
                Put(b, opens ? '“' : '”', ref prev);
            }
            else if (quote == '\'')
            {
                Put(b, opens && !char.IsAsciiDigit(after) ? '‘' : '’', ref prev);
            }
            else if (c == '-' && s[i..].StartsWith("---"))
            {
                Put(b, '—', ref prev);
                width = 3;
            }
            else if (c == '-' && s[i..].StartsWith("--"))
            {
                Put(b, '–', ref prev);
                width = 2;
            }
            else if (c == '-' && prev == ' ' && after == ' ')
            {
                Put(b, '–', ref prev);
            }
            else if (c == '.' && s[i..].StartsWith("..."))
            {
                Put(b, '…', ref prev);
                width = 3;
            }
            else
            {
                Put(b, c, ref prev);
            }
            i += width;
        }
    }

    private static void Put(StringBuilder b, char c, ref char prev)
    {
        b.Append(c);
        prev = c;
    }

    private static readonly (string Entity, char Quote)[] Entities =
        [("&quot;", '"'), ("&#34;", '"'), ("&#x22;", '"'), ("&#39;", '\''), ("&#x27;", '\''), ("&apos;", '\'')];
}
