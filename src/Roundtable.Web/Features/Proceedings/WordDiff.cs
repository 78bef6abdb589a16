using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Proceedings;

public enum DiffKind { Same, Added, Removed }

public sealed record DiffPart(DiffKind Kind, string Text);

/// <summary>A word-by-word difference between two versions of a text (longest common subsequence), for the history view.</summary>
public static partial class WordDiff
{
    // Past this many words per side the table gets large; compare paragraph by paragraph instead.
    private const int MaxWords = 3000;

    [GeneratedRegex(@"\s+|[^\s]+")]
    private static partial Regex Tokens();

    public static IReadOnlyList<DiffPart> Compare(string before, string after)
    {
        var a = Tokens().Matches(before ?? "").Select(m => m.Value).ToArray();
        var b = Tokens().Matches(after ?? "").Select(m => m.Value).ToArray();
        if (a.Length > MaxWords || b.Length > MaxWords)
        {
            a = (before ?? "").Split('\n');
            b = (after ?? "").Split('\n');
            a = a.Select((l, i) => i < a.Length - 1 ? l + "\n" : l).ToArray();
            b = b.Select((l, i) => i < b.Length - 1 ? l + "\n" : l).ToArray();
        }
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var parts = new List<DiffPart>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                Add(parts, DiffKind.Same, a[x]);
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                Add(parts, DiffKind.Added, b[y++]);
            }
            else
            {
                Add(parts, DiffKind.Removed, a[x++]);
            }
        }
        return parts;
    }

    private static void Add(List<DiffPart> parts, DiffKind kind, string token)
    {
        if (parts.Count > 0 && parts[^1].Kind == kind)
        {
            parts[^1] = parts[^1] with { Text = parts[^1].Text + token };
            return;
        }
        parts.Add(new DiffPart(kind, token));
    }
}
