using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>A person who must not be named in some texts, with the forms of their name a reader would recognise.</summary>
/// <param name="ShortNames">Comma-separated, as stored on the person ("Jim", "Bill, Billy").</param>
public sealed record ProtectedPerson(long PersonId, string FullName, string NameInPrint, string Surname, string ShortNames)
{
    public IReadOnlyList<string> Terms =>
        new[] { FullName, NameInPrint, Surname }
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
    private readonly List<(ProtectedPerson Person, Regex Pattern)> patterns;

    public LeakCheck(IEnumerable<ProtectedPerson> people)
    {
        patterns = people
            .Select(p => (p, Terms: p.Terms))
            .Where(x => x.Terms.Count > 0)
            .Select(x => (x.p, new Regex(
                // Longest forms first, so "James Harlan" is one hit rather than a hit on "Harlan" inside it.
                @"(?<![\p{L}\p{N}])(?:" + string.Join("|", x.Terms.OrderByDescending(t => t.Length).Select(TermPattern)) + @")(?![\p{L}\p{N}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
            .ToList();
    }

    public bool IsEmpty => patterns.Count == 0;

    public IReadOnlyList<LeakHit> Scan(Passage passage)
    {
        var hits = new List<LeakHit>();
        if (string.IsNullOrEmpty(passage.Text))
        {
            return hits;
        }
        var taken = new List<(int Start, int End)>();
        foreach (var (person, pattern) in patterns)
        {
            foreach (Match m in pattern.Matches(passage.Text))
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
