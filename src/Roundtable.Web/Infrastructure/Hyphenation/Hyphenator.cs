using System.Collections.Concurrent;
using System.Reflection;

namespace Roundtable.Web.Infrastructure.Hyphenation;

/// <summary>
/// Where a word may be broken, by Frank Liang's algorithm (TeX's): every pattern found in the word (with "." for its
/// ends) votes on the gaps between its letters; a gap with an odd highest vote is a hyphenation point. The patterns are
/// those of a language's hyphenation dictionary in the format of the hyphen library (LibreOffice, Debian's
/// <c>hyphen-*</c> packages): a first line naming the encoding, optional LEFTHYPHENMIN / RIGHTHYPHENMIN lines, then one
/// pattern a line. Words listed as exceptions break only where the list says.
/// </summary>
public sealed class Hyphenator
{
    private readonly Dictionary<string, byte[]> patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly Dictionary<string, int[]> exceptions = new(StringComparer.Ordinal);
    private readonly int longest;

    /// <summary>No break leaves fewer letters than this before it.</summary>
    public int LeftMin { get; } = 2;

    /// <summary>No break leaves fewer letters than this after it.</summary>
    public int RightMin { get; } = 3;

    /// <param name="dictionary">The pattern file's lines.</param>
    /// <param name="exceptions">Words with their breaks marked by "-" ("ta-ble"), which override the patterns.</param>
    public Hyphenator(IEnumerable<string> dictionary, IEnumerable<string>? exceptions = null)
    {
        var first = true;
        foreach (var raw in dictionary)
        {
            var line = raw.Trim();
            if (first)
            {
                first = false;
                if (!line.Any(char.IsAsciiDigit) && line.Any(char.IsAsciiLetterUpper))
                {
                    continue; // the encoding ("UTF-8")
                }
            }
            if (line.Length == 0 || line.StartsWith('%') || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("LEFTHYPHENMIN ", StringComparison.Ordinal))
            {
                LeftMin = int.Parse(line[14..], System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            if (line.StartsWith("RIGHTHYPHENMIN ", StringComparison.Ordinal))
            {
                RightMin = int.Parse(line[15..], System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            if (line.Contains('/', StringComparison.Ordinal) || char.IsAsciiLetterUpper(line[0]))
            {
                continue; // non-standard patterns (spelling changes) and other keywords: not used by the languages shipped
            }
            var letters = new System.Text.StringBuilder(line.Length);
            var values = new List<byte> { 0 };
            foreach (var c in line)
            {
                if (char.IsAsciiDigit(c))
                {
                    values[^1] = (byte)(c - '0');
                }
                else
                {
                    letters.Append(c);
                    values.Add(0);
                }
            }
            patterns[letters.ToString()] = [.. values];
            longest = Math.Max(longest, letters.Length);
        }
        lookup = patterns.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var e in exceptions ?? [])
        {
            var word = e.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
            var breaks = new List<int>();
            for (int i = 0, at = 0; i < e.Length; i++)
            {
                if (e[i] == '-')
                {
                    breaks.Add(at);
                }
                else
                {
                    at++;
                }
            }
            this.exceptions[word] = [.. breaks];
        }
    }

    public int PatternCount => patterns.Count;

    /// <summary>
    /// The places where <paramref name="word"/> may break: each an index into the word, the break falling before that
    /// letter. Letter case is ignored.
    /// </summary>
    public IReadOnlyList<int> Breaks(ReadOnlySpan<char> word)
    {
        if (word.Length < LeftMin + RightMin)
        {
            return [];
        }
        Span<char> w = word.Length + 2 <= 256 ? stackalloc char[word.Length + 2] : new char[word.Length + 2];
        w[0] = '.';
        word.ToLowerInvariant(w[1..]);
        w[^1] = '.';
        if (exceptions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(w[1..^1], out var listed))
        {
            return listed;
        }
        Span<byte> points = w.Length + 1 <= 256 ? stackalloc byte[w.Length + 1] : new byte[w.Length + 1];
        points.Clear();
        for (var i = 0; i < w.Length; i++)
        {
            for (var length = 1; length <= longest && i + length <= w.Length; length++)
            {
                if (lookup.TryGetValue(w.Slice(i, length), out var values))
                {
                    for (var k = 0; k < values.Length; k++)
                    {
                        points[i + k] = Math.Max(points[i + k], values[k]);
                    }
                }
            }
        }
        // points[m] is the vote on the gap before w[m]; w[m] is word[m - 1].
        var breaks = new List<int>();
        for (var at = LeftMin; at <= word.Length - RightMin; at++)
        {
            if (points[at + 1] % 2 == 1)
            {
                breaks.Add(at);
            }
        }
        return breaks;
    }

    /// <summary>The word with <paramref name="mark"/> at each place it may break ("hy-phen-ation").</summary>
    public string Hyphenate(string word, char mark = '-')
    {
        var breaks = Breaks(word);
        if (breaks.Count == 0)
        {
            return word;
        }
        var b = new System.Text.StringBuilder(word.Length + breaks.Count);
        var from = 0;
        foreach (var at in breaks)
        {
            b.Append(word, from, at - from).Append(mark);
            from = at;
        }
        return b.Append(word, from, word.Length - from).ToString();
    }

    private static readonly ConcurrentDictionary<string, Hyphenator?> Loaded = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The hyphenator for a document language ("en", "en-US", "en-GB": American English patterns, the only ones shipped),
    /// or null for a language without patterns (its text is left as it is).
    /// </summary>
    public static Hyphenator? For(string? language)
    {
        var primary = (language ?? "").Split('-', '_')[0].Trim().ToLowerInvariant();
        return Loaded.GetOrAdd(primary, p => p switch
        {
            "en" => Load("hyph_en_US.dic", EnglishExceptions),
            _ => null,
        });
    }

    private static Hyphenator Load(string file, IEnumerable<string> exceptions)
    {
        var name = typeof(Hyphenator).Namespace + "." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The hyphenation patterns {name} are not embedded in the app.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return new Hyphenator(lines, exceptions);
    }

    /// <summary>
    /// Words the patterns break wrongly or where a break reads badly: Knuth's exceptions from plain TeX's hyphen.tex,
    /// and words of this app's reports. "present" and "project" are left whole (noun and verb break differently).
    /// </summary>
    public static readonly IReadOnlyList<string> EnglishExceptions =
    [
        "as-so-ciate", "as-so-ciates", "dec-li-na-tion", "oblig-a-tory", "phil-an-thropic", "present", "presents", "project",
        "projects", "reci-procity", "re-cog-ni-zance", "ref-or-ma-tion", "ret-ri-bu-tion", "ta-ble",
        "round-table", "round-tables", "rap-por-teur", "rap-por-teurs",
    ];
}
