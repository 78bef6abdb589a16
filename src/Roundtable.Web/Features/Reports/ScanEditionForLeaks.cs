using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Reports;

/// <summary>A name that must not appear, found in a published part of an edition.</summary>
public sealed record EditionLeak(string Place, string Person, string Term, string Context);

/// <summary>A hit an organizer let stand, with the reason and who gave it, as it was when an edition was assembled.</summary>
public sealed record OverriddenLeak(string Place, string Person, string Term, string Context, string Reason, string By);

/// <summary>
/// The leak check over a whole edition: the proceedings (as the proceedings' own check sees them) and every other
/// printed part (<see cref="CheckReportLeaks"/>), each honouring the overrides given with a reason for the text as it is.
/// </summary>
public sealed class ScanEditionForLeaks(CheckLeaks proceedings, CheckReportLeaks report)
{
    public async Task<IReadOnlyList<EditionLeak>> HandleAsync(long roundtableId, CancellationToken ct) =>
        (await WithOverridesAsync(roundtableId, ct)).Hits;

    /// <summary>The hits that block, and those let stand with a reason (which an edition keeps, so a mail-out can show them).</summary>
    public async Task<(IReadOnlyList<EditionLeak> Hits, IReadOnlyList<OverriddenLeak> Overridden)> WithOverridesAsync(long roundtableId, CancellationToken ct)
    {
        var reportFindings = await report.HandleAsync(roundtableId, ct);
        var proceedingFindings = await proceedings.HandleAsync(roundtableId, null, ct);
        var hits = reportFindings.Where(f => !f.Overridden).Select(f => new EditionLeak(f.Place, f.Person, f.Term, f.Context)).ToList();
        hits.AddRange(proceedingFindings.Where(f => !f.Overridden)
            .Select(f => new EditionLeak(f.Hit.Passage.Place, f.Hit.Person.FullName, f.Hit.Term, $"{f.Hit.Before}{f.Hit.Term}{f.Hit.After}")));
        var overridden = reportFindings.Where(f => f.Overridden)
            .Select(f => new OverriddenLeak(f.Place, f.Person, f.Term, f.Context, f.OverrideReason!, f.OverriddenBy ?? "")).ToList();
        overridden.AddRange(proceedingFindings.Where(f => f.Overridden)
            .Select(f => new OverriddenLeak(f.Hit.Passage.Place, f.Hit.Person.FullName, f.Hit.Term, $"{f.Hit.Before}{f.Hit.Term}{f.Hit.After}", f.OverrideReason!, f.OverriddenBy ?? "")));
        return (hits, overridden);
    }
}
