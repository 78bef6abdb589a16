using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Reports;

/// <summary>A name that must not appear, found in a published part of an edition.</summary>
public sealed record EditionLeak(string Place, string Person, string Term, string Context);

/// <summary>
/// The leak check over a whole edition: the proceedings (as the proceedings' own check sees them) and every other
/// printed part (<see cref="CheckReportLeaks"/>), each honouring the overrides given with a reason for the text as it is.
/// </summary>
public sealed class ScanEditionForLeaks(CheckLeaks proceedings, CheckReportLeaks report)
{
    public async Task<IReadOnlyList<EditionLeak>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        var hits = (await report.HandleAsync(roundtableId, ct))
            .Where(f => !f.Overridden)
            .Select(f => new EditionLeak(f.Place, f.Person, f.Term, f.Context))
            .ToList();
        hits.AddRange((await proceedings.HandleAsync(roundtableId, null, ct))
            .Where(f => !f.Overridden)
            .Select(f => new EditionLeak(f.Hit.Passage.Place, f.Hit.Person.FullName, f.Hit.Term, $"{f.Hit.Before}{f.Hit.Term}{f.Hit.After}")));
        return hits;
    }
}
