using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Reports;

/// <summary>A name that must not appear, found in a published part of an edition.</summary>
public sealed record EditionLeak(string Place, string Person, string Term, string Context);

/// <summary>
/// The leak check over a whole edition: the proceedings (as the proceedings' own check sees them, honouring
/// overrides given with a reason) and the report's texts (conference summary, implications, recommendations, open
/// questions), which have no override: their author rewrites them. Biographies and the foreword are not scanned:
/// saying who attended is allowed, saying who said what is not.
/// </summary>
public sealed class ScanEditionForLeaks(CheckLeaks proceedings, ListSpeakers speakers)
{
    public async Task<IReadOnlyList<EditionLeak>> HandleAsync(long roundtableId, IEnumerable<(string Place, string Text)> reportTexts, CancellationToken ct)
    {
        var hits = (await proceedings.HandleAsync(roundtableId, null, ct))
            .Where(f => !f.Overridden)
            .Select(f => ToLeak(f.Hit))
            .ToList();
        var check = new LeakCheck((await speakers.HandleAsync(roundtableId, ct)).Where(s => !s.MayBeNamed).Select(s => s.ToProtected()));
        hits.AddRange(check.Scan(reportTexts.Select(t => new Passage(t.Place, t.Place, t.Text))).Select(ToLeak));
        return hits;
    }

    private static EditionLeak ToLeak(LeakHit h) => new(h.Passage.Place, h.Person.FullName, h.Term, $"{h.Before}{h.Term}{h.After}");
}
