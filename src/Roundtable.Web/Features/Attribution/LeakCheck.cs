using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Attribution;

/// <summary>A person who must not be named in some texts, with the forms of their name a reader would recognise.</summary>
/// <param name="ShortNames">Comma-separated, as stored on the person ("Jim", "Bill, Billy").</param>
public sealed record ProtectedPerson(long PersonId, string FullName, string NameInPrint, string Surname, string ShortNames)
{
    /// <summary>The fuller form printed at a first mention, if the person has one.</summary>
    public string FirstMention { get; init; } = "";

    /// <summary>The short form a rapporteur may choose, if set apart from the surname.</summary>
    public string ShortForm { get; init; } = "";

    public IReadOnlyList<string> Terms =>
        new[] { FullName, NameInPrint, Surname, FirstMention, ShortForm }
            .Concat(ShortNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(t => t.Trim())
            .Where(t => t.Length >= 2)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}

/// <summary>One published text to scan. Key identifies it to the program ("statement:42"), Place to a person ("Second Presentation, statement 3").</summary>
public sealed record Passage(string Key, string Place, string Text);

/// <summary>A name found where it must not be: the passage, the person it would reveal, and the words around it.</summary>
public sealed record LeakHit(Passage Passage, ProtectedPerson Person, string Term, int Index, string Before, string After);

/// <summary>
/// Finds names of people who must not be named in published texts: full names, names in print, surnames and
/// listed short names, as whole words, in any letter case ("as harlan said", "Harlan's view"). Pure and reusable:
/// proceedings run it before approval; the report runs it over everything before publishing or mailing.
/// </summary>
public sealed class LeakCheck
{
    private const int Context = 40;
    private readonly List<ProtectedPerson> people;
    private readonly Regex?[] patterns;

    // Which people a word could start a name of: keyed by the first run of letters and digits of each of their terms,
    // case-folded. A passage only runs the patterns of people one of whose keys is a word in it, so a roundtable of
    // 100,000 participants builds a handful of patterns per scan instead of one per person. People with a term that
    // does not begin with a letter or digit are always tried.
    private readonly Dictionary<string, List<int>> byFirstWord = new(StringComparer.Ordinal);
    private readonly List<int> always = [];
    private readonly bool prefilter;

    public LeakCheck(IEnumerable<ProtectedPerson> people) : this(people, prefilter: true)
    {
    }

    /// <param name="prefilter">False runs every person's pattern over every passage: the reference the pre-filter is tested against.</param>
    internal LeakCheck(IEnumerable<ProtectedPerson> people, bool prefilter)
    {
        this.people = people.Where(p => p.Terms.Count > 0).ToList();
        this.prefilter = prefilter;
        patterns = new Regex?[this.people.Count];
        for (var i = 0; i < this.people.Count; i++)
        {
            foreach (var term in this.people[i].Terms)
            {
                var (start, length) = FirstWord(term, 0);
                if (start != 0 || length == 0)
                {
                    always.Add(i);
                    continue;
                }
                var key = Fold(term.Substring(start, length));
                if (!byFirstWord.TryGetValue(key, out var list))
                {
                    byFirstWord[key] = list = [];
                }
                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }
    }

    public bool IsEmpty => people.Count == 0;

    /// <summary>
    /// Characters a reader never sees inside a word: the soft hyphen (text pasted from a word processor carries them, and
    /// the print breaks lines there), zero-width space, word joiner, byte order mark. A name with one inside is the name.
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create("\u00AD\u200B\u2060\uFEFF");

    public IReadOnlyList<LeakHit> Scan(Passage passage)
    {
        var hits = new List<LeakHit>();
        if (string.IsNullOrEmpty(passage.Text))
        {
            return hits;
        }
        if (passage.Text.AsSpan().ContainsAny(Invisible))
        {
            // Scanned without them; each hit keeps the passage as given, its index pointing into the text as given.
            var kept = new List<int>(passage.Text.Length);
            for (var k = 0; k < passage.Text.Length; k++)
            {
                if (!Invisible.Contains(passage.Text[k]))
                {
                    kept.Add(k);
                }
            }
            var visible = string.Concat(kept.Select(k => passage.Text[k]));
            return Scan(passage with { Text = visible }).Select(h => h with { Passage = passage, Index = kept[h.Index] }).ToList();
        }
        var taken = new List<(int Start, int End)>();
        foreach (var i in Candidates(passage.Text))
        {
            var person = people[i];
            foreach (Match m in Pattern(i).Matches(passage.Text))
            {
                // Two protected people can share a name; one place in the text is reported once.
                if (taken.Any(t => m.Index < t.End && t.Start < m.Index + m.Length))
                {
                    continue;
                }
                taken.Add((m.Index, m.Index + m.Length));
                hits.Add(new LeakHit(passage, person, m.Value, m.Index, Before(passage.Text, m.Index), After(passage.Text, m.Index + m.Length)));
            }
        }
        return hits.OrderBy(h => h.Index).ToList();
    }

    /// <summary>The people whose names could be in <paramref name="text"/>, in the order they were given (which decides who a shared name is reported for).</summary>
    private IEnumerable<int> Candidates(string text)
    {
        if (!prefilter)
        {
            return Enumerable.Range(0, people.Count);
        }
        var found = new SortedSet<int>(always);
        for (var (start, length) = FirstWord(text, 0); length > 0; (start, length) = FirstWord(text, start + length))
        {
            if (byFirstWord.TryGetValue(Fold(text.Substring(start, length)), out var list))
            {
                found.UnionWith(list);
            }
        }
        return found;
    }

    private Regex Pattern(int i) => patterns[i] ??= Compiled(
        // Longest forms first, so "James Harlan" is one hit rather than a hit on "Harlan" inside it.
        @"(?<![\p{L}\p{N}])(?:" + string.Join("|", people[i].Terms.OrderByDescending(t => t.Length).Select(TermPattern)) + @")(?![\p{L}\p{N}])");

    /// <summary>
    /// A person's pattern, made once per process: building the regular expressions was the largest part of the report
    /// page's time (a new check per request, a pattern per name it meets). Keyed by the pattern's own text, which is all
    /// of the person's name forms, so a renamed person gets a new one; a Regex may match on many threads at once.
    /// </summary>
    private static readonly Microsoft.Extensions.Caching.Memory.MemoryCache Made = new(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions
    {
        SizeLimit = 20_000,
    });

    private static Regex Compiled(string pattern) =>
        Microsoft.Extensions.Caching.Memory.CacheExtensions.GetOrCreate(Made, pattern, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        })!;

    /// <summary>
    /// Lower then upper case: every pair of letters the patterns' IgnoreCase treats as equal folds to the same letter
    /// (K and the Kelvin sign, ß and ẞ, σ ς and Σ); folding a few more together only adds candidates.
    /// </summary>
    private static string Fold(string word) => word.ToLowerInvariant().ToUpperInvariant();

    /// <summary>The next run of letters and digits (as the patterns' \p{L} and \p{N} see them) at or after <paramref name="from"/>.</summary>
    private static (int Start, int Length) FirstWord(string text, int from)
    {
        var start = from;
        while (start < text.Length && !IsWordChar(text[start]))
        {
            start++;
        }
        var end = start;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }
        return (start, end - start);
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter or
        System.Globalization.UnicodeCategory.TitlecaseLetter or System.Globalization.UnicodeCategory.ModifierLetter or
        System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.DecimalDigitNumber or
        System.Globalization.UnicodeCategory.LetterNumber or System.Globalization.UnicodeCategory.OtherNumber;

    public IReadOnlyList<LeakHit> Scan(IEnumerable<Passage> passages) => passages.SelectMany(Scan).ToList();

    // Any run of spaces or a line break may stand between the parts of a name.
    private static string TermPattern(string term) =>
        string.Join(@"\s+", term.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));

    private static string Before(string text, int index)
    {
        var start = Math.Max(0, index - Context);
        return (start > 0 ? "…" : "") + text[start..index].ReplaceLineEndings(" ");
    }

    private static string After(string text, int index)
    {
        var end = Math.Min(text.Length, index + Context);
        return text[index..end].ReplaceLineEndings(" ") + (end < text.Length ? "…" : "");
    }
}
