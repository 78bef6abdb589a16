using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>A participant of the roundtable who may have spoken, with every name a note-taker might use for them.</summary>
public sealed record SpeakerCandidate(long ParticipationId, string FullName, string NameInPrint, string Surname, string ShortNames, bool Observer = false)
{
    public static SpeakerCandidate Of(Attribution.ListSpeakers.Row s) => new(s.ParticipationId, s.FullName, s.NameInPrint, s.Surname, s.ShortNames, s.Observer);
}

/// <summary>
/// Looks up the speaker a note-taker meant by a name: the full name, the name in print, the surname, a listed short
/// name ("Bill" for William), a short name with the surname, each with or without an honorific ("Dr.", "Ambassador").
/// </summary>
public sealed partial class SpeakerDirectory
{
    private readonly Dictionary<string, List<SpeakerCandidate>> byName = new(StringComparer.OrdinalIgnoreCase);

    public SpeakerDirectory(IEnumerable<SpeakerCandidate> candidates, IEnumerable<long>? presenterIds = null)
    {
        Candidates = candidates.ToList();
        Presenters = Candidates.Where(c => presenterIds?.Contains(c.ParticipationId) == true).ToList();
        foreach (var c in Candidates)
        {
            var shorts = c.ShortNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var first = c.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var forms = new List<string> { c.FullName, c.NameInPrint, c.Surname, first + " " + c.Surname };
            forms.AddRange(shorts);
            forms.AddRange(shorts.Select(s => s + " " + c.Surname));
            foreach (var form in forms.Select(Normalize).Where(f => f.Length > 1).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!byName.TryGetValue(form, out var list))
                {
                    byName[form] = list = [];
                }
                list.Add(c);
            }
        }
    }

    public IReadOnlyList<SpeakerCandidate> Candidates { get; }

    public IReadOnlyList<SpeakerCandidate> Presenters { get; }

    /// <returns>Everyone the name could mean: none (unknown), one (matched) or several (ambiguous).</returns>
    public IReadOnlyList<SpeakerCandidate> Find(string name)
    {
        var key = Normalize(name);
        return key.Length > 1 && byName.TryGetValue(key, out var list) ? list : [];
    }

    [GeneratedRegex(@"^(?:(?:dr|prof|professor|mr|mrs|ms|miss|sir|dame|gen|general|col|colonel|cmdr|commander|capt|captain|adm|admiral|amb|ambassador|rev|hon|lt|maj|major)\.?\s+)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Honorifics();

    /// <summary>Drops honorifics, a possessive, surrounding punctuation and extra spaces.</summary>
    public static string Normalize(string name)
    {
        var s = Regex.Replace(name.Trim(), @"\s+", " ");
        s = Honorifics().Replace(s, "");
        s = s.Trim(' ', ',', ';', ':', '.', '-', '–', '—', '*', '_', '"', '“', '”');
        if (s.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || s.EndsWith("’s", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^2];
        }
        return s;
    }
}
