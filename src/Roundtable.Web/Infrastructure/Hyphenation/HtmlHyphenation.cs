using System.Text;

namespace Roundtable.Web.Infrastructure.Hyphenation;

/// <summary>
/// Soft hyphens (U+00AD) in the running text of finished HTML, where <see cref="Hyphenator"/> allows a break, so a
/// browser or Chromium with no hyphenation dictionary of its own (a server's) can justify text without gaps: the
/// stylesheet says <c>hyphens: manual</c> and a line breaks at a soft hyphen (showing "-") only when it must.
/// <para>
/// Only text inside paragraphs, list items and block quotes within an element of class <c>chapter</c> is touched;
/// never headings, links, code, the speakers' labels, the signature, the contents or the title page. Within that, a
/// word is hyphenated only if it is at least <see cref="MinLength"/> letters, all lower case (so names, which start
/// with a capital, and acronyms are never split), and not part of an address (a token with "@", "/", "_", a dot or
/// colon between letters, or a character reference stays whole). Like <see cref="Typography"/> it works over the
/// HTML's text and copies tags and attributes as they are.
/// </para>
/// </summary>
public static class HtmlHyphenation
{
    public const char SoftHyphen = '\u00AD';

    /// <summary>Shorter words are never broken.</summary>
    public const int MinLength = 6;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase) { "style", "script", "textarea", "title" };

    /// <summary>Text inside one of these is running text.</summary>
    private static readonly HashSet<string> Running = new(StringComparer.OrdinalIgnoreCase) { "p", "li", "blockquote", "dd" };

    /// <summary>Nothing inside one of these is hyphenated.</summary>
    private static readonly HashSet<string> Whole = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "code", "pre", "kbd", "samp", "var", "tt", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "abbr", "cite", "address",
    };

    /// <summary>Nor inside an element of one of these classes.</summary>
    private static readonly string[] WholeClasses = ["speaker", "ordinal", "signature", "toc", "title-page", "cover", "doc-page", "nohyphenate"];

    private readonly record struct Open(string Name, bool Chapter, bool Running, bool Whole);

    /// <summary>The HTML with soft hyphens in its running text, or as it is for a language without patterns.</summary>
    public static string Apply(string html, string? language) =>
        Hyphenator.For(language) is { } hyphenator ? Apply(html, hyphenator) : html;

    public static string Apply(string html, Hyphenator hyphenator)
    {
        var b = new StringBuilder(html.Length + html.Length / 16);
        var stack = new List<Open>();
        int chapter = 0, running = 0, whole = 0;
        var i = 0;
        while (i < html.Length)
        {
            if (html[i] != '<')
            {
                var next = html.IndexOf('<', i);
                if (next < 0)
                {
                    next = html.Length;
                }
                if (chapter > 0 && running > 0 && whole == 0)
                {
                    Text(html.AsSpan(i, next - i), b, hyphenator);
                }
                else
                {
                    b.Append(html, i, next - i);
                }
                i = next;
                continue;
            }
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                var stop = endComment < 0 ? html.Length : endComment + 3;
                b.Append(html, i, stop - i);
                i = stop;
                continue;
            }
            var end = html.IndexOf('>', i);
            if (end < 0)
            {
                b.Append(html, i, html.Length - i);
                break;
            }
            b.Append(html, i, end + 1 - i);
            var (name, closing, nameEnd) = HtmlTags.At(html, i, end);
            i = end + 1;
            if (name.Length == 0)
            {
                continue; // <!DOCTYPE …>, a stray "<"
            }
            if (closing)
            {
                var at = stack.FindLastIndex(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                for (var k = stack.Count - 1; at >= 0 && k >= at; k--)
                {
                    Count(stack[k], -1, ref chapter, ref running, ref whole);
                    stack.RemoveAt(k);
                }
                continue;
            }
            if (RawText.Contains(name))
            {
                // Copied as it is up to its end tag: its text is never HTML.
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                var stop = close < 0 ? html.Length : close;
                b.Append(html, i, stop - i);
                i = stop;
                continue;
            }
            if (Void.Contains(name) || html[end - 1] == '/')
            {
                continue;
            }
            var tag = html.AsSpan(nameEnd, end - nameEnd);
            var classes = ClassAttribute(tag);
            var open = new Open(name,
                Chapter: HasClass(classes, "chapter"),
                Running: Running.Contains(name),
                Whole: Whole.Contains(name) || WholeClasses.Any(c => HasClass(classes, c)) || tag.Contains("translate=\"no\"", StringComparison.OrdinalIgnoreCase));
            stack.Add(open);
            Count(open, 1, ref chapter, ref running, ref whole);
        }
        return b.ToString();
    }

    private static void Count(Open o, int by, ref int chapter, ref int running, ref int whole)
    {
        chapter += o.Chapter ? by : 0;
        running += o.Running ? by : 0;
        whole += o.Whole ? by : 0;
    }

    private static string ClassAttribute(ReadOnlySpan<char> tag)
    {
        var at = tag.IndexOf("class=", StringComparison.OrdinalIgnoreCase);
        if (at < 0 || (at > 0 && !char.IsWhiteSpace(tag[at - 1])))
        {
            return "";
        }
        var rest = tag[(at + 6)..];
        if (rest.Length > 0 && rest[0] is '"' or '\'')
        {
            var quote = rest[0];
            var close = rest[1..].IndexOf(quote);
            return (close < 0 ? rest[1..] : rest[1..(close + 1)]).ToString();
        }
        var space = rest.IndexOfAny(" \t\n\r/>");
        return (space < 0 ? rest : rest[..space]).ToString();
    }

    private static bool HasClass(string classes, string name) =>
        classes.Length > 0 && classes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.Ordinal);

    /// <summary>One run of text between tags: each whitespace-separated token is hyphenated word by word, or left whole.</summary>
    private static void Text(ReadOnlySpan<char> s, StringBuilder b, Hyphenator hyphenator)
    {
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                b.Append(s[i++]);
                continue;
            }
            var end = i;
            while (end < s.Length && !char.IsWhiteSpace(s[end]))
            {
                end++;
            }
            Token(s[i..end], b, hyphenator);
            i = end;
        }
    }

    private static void Token(ReadOnlySpan<char> token, StringBuilder b, Hyphenator hyphenator)
    {
        if (!MayHyphenate(token))
        {
            b.Append(token);
            return;
        }
        var i = 0;
        while (i < token.Length)
        {
            if (!char.IsLetter(token[i]))
            {
                b.Append(token[i++]);
                continue;
            }
            var end = i;
            while (end < token.Length && char.IsLetter(token[end]))
            {
                end++;
            }
            var word = token[i..end];
            if (word.Length >= MinLength && IsLowerCase(word))
            {
                var from = 0;
                foreach (var at in hyphenator.Breaks(word))
                {
                    b.Append(word[from..at]).Append(SoftHyphen);
                    from = at;
                }
                b.Append(word[from..]);
            }
            else
            {
                b.Append(word);
            }
            i = end;
        }
    }

    private static bool IsLowerCase(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsLower(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// False for what must stay whole: addresses and paths ("@", "/", "\", "_", "=", "#", "~", "+", "|", a dot or colon
    /// between letters or digits, "www."), character references, a token already carrying a soft hyphen, and a token
    /// mixing letters and digits.
    /// </summary>
    private static bool MayHyphenate(ReadOnlySpan<char> token)
    {
        if (token.IndexOfAny("@/\\_=#~+|&<>{}[]" + SoftHyphen) >= 0 || token.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        bool letters = false, digits = false;
        for (var k = 0; k < token.Length; k++)
        {
            var c = token[k];
            letters |= char.IsLetter(c);
            digits |= char.IsDigit(c);
            if (c is '.' or ':' && k > 0 && k + 1 < token.Length && char.IsLetterOrDigit(token[k - 1]) && char.IsLetterOrDigit(token[k + 1]))
            {
                return false;
            }
        }
        return !(letters && digits);
    }
}
