using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Proceedings;

public enum SpeakerMatch { Matched, Unidentified, Ambiguous, Unmatched, Presenter }

/// <summary>One statement proposed from pasted notes; nothing is saved until the rapporteur confirms.</summary>
/// <param name="WrittenAs">The speaker as the notes named them ("Bill", "Dr. Nwosu"), for the rapporteur to see.</param>
/// <param name="SameAs">For an unidentified voice marked "(same as N)": the number of the earlier statement in these notes.</param>
public sealed record ProposedStatement(
    string WrittenAs, SpeakerMatch Match, long? SpeakerId, IReadOnlyList<SpeakerCandidate> Alternatives,
    bool Audience, string Kind, string Text, int? SameAs = null);

/// <summary>
/// Reads raw notes written elsewhere, one paragraph per speaker, in either of the two usual shapes:
/// "Full Name: what they said" (a transcript) or "Surname asked whether …" (narrative, the text following the name).
/// </summary>
public static partial class NotesParser
{
    private const int MaxNameWords = 5;

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"^(?:[-*•]|\d+[.)])\s+")]
    private static partial Regex Bullet();

    // "Name (audience): text" — the name part is checked separately to look like a name.
    [GeneratedRegex(@"^(?<name>[^:\n]{1,80}?)\s*(?<aud>\((?:audience|aud\.?|from the floor)\))?\s*:\s*(?<text>\S[\s\S]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Colon();

    [GeneratedRegex(@"^\((?:audience|aud\.?|from the floor)\)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AudienceMark();

    [GeneratedRegex(@"^(?:\?+|(?:unknown|unidentified|someone in the audience|someone|somebody|a participant|another participant|the (?:first|second|third|other) participant|a member of the audience|an audience member)\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Anonymous();

    [GeneratedRegex(@"^(?:the )?presenter\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ThePresenter();

    // "? (same as 2): …", "Unidentified (same voice as statement 2) asked …", "? (=2) …": the same voice as the notes' second statement.
    [GeneratedRegex(@"^(?<lead>\?+|unidentified|unknown|a participant|another participant|a member of the audience)\s*\((?:same(?:\s+voice)?\s+as|=)\s*(?:statement\s+)?(?<n>\d{1,4})\)", RegexOptions.IgnoreCase)]
    private static partial Regex SameVoiceMark();

    public static IReadOnlyList<ProposedStatement> Parse(string notes, SpeakerDirectory directory)
    {
        var text = (notes ?? "").ReplaceLineEndings("\n");
        return BlankLine().Split(text)
            .SelectMany(SplitSpeakerLines)
            .Select(p => Bullet().Replace(p.Trim(), ""))
            .Where(p => p.Length > 0)
            .Select(p => Propose(p, directory))
            .ToList();
    }

    // Lines of one block that each start with "Name:" are separate statements even without a blank line between them.
    private static IEnumerable<string> SplitSpeakerLines(string block)
    {
        var current = new List<string>();
        foreach (var line in block.Split('\n'))
        {
            if (current.Count > 0 && IsColonLine(line))
            {
                yield return string.Join("\n", current);
                current.Clear();
            }
            current.Add(line);
        }
        if (current.Count > 0)
        {
            yield return string.Join("\n", current);
        }
    }

    private static bool IsColonLine(string line)
    {
        var m = Colon().Match(Bullet().Replace(line.Trim(), ""));
        return m.Success && LooksLikeName(m.Groups["name"].Value);
    }

    private static ProposedStatement Propose(string paragraph, SpeakerDirectory directory)
    {
        if (SameVoiceMark().Match(paragraph) is { Success: true } same)
        {
            var rest = Propose(same.Groups["lead"].Value + paragraph[same.Length..], directory);
            return rest.Match == SpeakerMatch.Unidentified ? rest with { SameAs = int.Parse(same.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) } : rest;
        }
        var colon = Colon().Match(paragraph);
        if (colon.Success && LooksLikeName(colon.Groups["name"].Value))
        {
            var body = colon.Groups["text"].Value.Trim();
            var audience = colon.Groups["aud"].Success;
            var kind = StatementKinds.Infer(body);
            return Resolve(colon.Groups["name"].Value.Trim(), audience, kind, body, directory);
        }
        return Narrative(paragraph, directory);
    }

    private static ProposedStatement Narrative(string paragraph, SpeakerDirectory directory)
    {
        if (Anonymous().Match(paragraph) is { Success: true } anon)
        {
            var rest = paragraph[anon.Length..].Trim();
            var audience = anon.Value.Contains("audience", StringComparison.OrdinalIgnoreCase);
            return new(anon.Value.Trim(), SpeakerMatch.Unidentified, null, [], audience, StatementKinds.Infer(rest), rest);
        }
        if (ThePresenter().Match(paragraph) is { Success: true } presenter)
        {
            return Resolve(presenter.Value.Trim(), false, null, paragraph[presenter.Length..].Trim(), directory);
        }
        var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The longest run of leading words that names someone: "William Tate asked" before "William".
        for (var n = Math.Min(MaxNameWords, words.Length - 1); n >= 1; n--)
        {
            var name = string.Join(' ', words.Take(n));
            if (directory.Find(name).Count > 0)
            {
                var rest = RestAfter(paragraph, n, out var audience);
                return Resolve(name, audience, null, rest, directory);
            }
        }
        // Unknown: take the leading capitalised words as the name the rapporteur must assign.
        var capitalised = words.TakeWhile(w => w.Length > 0 && (char.IsUpper(w[0]) || IsHonorific(w))).Take(MaxNameWords).Count();
        if (capitalised > 0 && capitalised < words.Length)
        {
            var rest = RestAfter(paragraph, capitalised, out var audience);
            return new(string.Join(' ', words.Take(capitalised)), SpeakerMatch.Unmatched, null, [], audience, StatementKinds.Infer(rest), rest);
        }
        return new("", SpeakerMatch.Unmatched, null, [], false, StatementKinds.Infer(paragraph), paragraph);
    }

    private static string RestAfter(string paragraph, int words, out bool audience)
    {
        var rest = string.Join(' ', paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(words)).TrimStart(',', ' ');
        var mark = AudienceMark().Match(rest);
        audience = mark.Success;
        return mark.Success ? rest[mark.Length..].Trim() : rest.Trim();
    }

    private static ProposedStatement Resolve(string writtenAs, bool audience, string? kind, string text, SpeakerDirectory directory)
    {
        kind ??= StatementKinds.Infer(text);
        if (IsWhole(Anonymous(), writtenAs))
        {
            return new(writtenAs, SpeakerMatch.Unidentified, null, [], audience || writtenAs.Contains("audience", StringComparison.OrdinalIgnoreCase), kind, text);
        }
        var presenter = IsWhole(ThePresenter(), writtenAs);
        if (presenter && directory.Presenters.Count == 0)
        {
            return new(writtenAs, SpeakerMatch.Presenter, null, [], audience, kind, text);
        }
        var found = presenter ? directory.Presenters : directory.Find(writtenAs);
        return found.Count switch
        {
            1 => new(writtenAs, SpeakerMatch.Matched, found[0].ParticipationId, [], audience || found[0].Observer, kind, text),
            0 => new(writtenAs, SpeakerMatch.Unmatched, null, [], audience, kind, text),
            _ => new(writtenAs, SpeakerMatch.Ambiguous, null, found, audience, kind, text),
        };
    }

    private static bool LooksLikeName(string name)
    {
        var s = AudienceMark().Replace(name.Trim(), "");
        if (IsWhole(Anonymous(), s) || IsWhole(ThePresenter(), s))
        {
            return true;
        }
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is > 0 and <= MaxNameWords
            && words.All(w => char.IsUpper(w[0]) || IsHonorific(w) || w is "de" or "van" or "von" or "der" or "bin" or "al" or "da" or "(audience)");
    }

    private static bool IsWhole(Regex pattern, string s)
    {
        var m = pattern.Match(s.Trim());
        return m.Success && m.Length == s.Trim().Length;
    }

    private static bool IsHonorific(string word) =>
        SpeakerDirectory.Normalize(word + " X") == "X";
}
