using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The appendix: each presentation in agenda order under its ordinal label and title, its summary with the presenter
/// filled in, then "Discussion." and the statements, each opening with its published label. A presentation whose
/// proceedings are not approved is printed as it stands, with a warning.
/// </summary>
public sealed class AppendixSource(GetProceedings getProceedings)
{
    public async Task<IReadOnlyList<ReportContent.Presentation>> HandleAsync(long roundtableId, IReadOnlyList<ListPresentations.Row> presentations,
        List<string> warnings, List<string> sources, CancellationToken ct)
    {
        var proceedings = await getProceedings.HandleAsync(roundtableId, ct);
        foreach (var p in proceedings.Presentations)
        {
            if (p.Status != ProceedingStatus.Approved)
            {
                warnings.Add($"{p.Agenda.Label} (“{p.Agenda.Title}”) is {ProceedingStatus.Label(p.Status).ToLowerInvariant()}, not approved.");
            }
            if (string.IsNullOrWhiteSpace(p.Summary) && p.Statements.Count == 0)
            {
                warnings.Add($"{p.Agenda.Label} (“{p.Agenda.Title}”) has no proceedings yet.");
            }
            sources.Add($"presentation {p.Id} version {p.Version} ({p.Status}): summary r{p.SummaryRevision}" +
                (p.Statements.Count == 0 ? "" : "; statements " + string.Join(", ", p.Statements.Select(s => $"{s.Id}@r{s.Revision}"))));
        }
        // Rendering Markdown is the costly part of a large report and each presentation is independent: use every core.
        var sections = proceedings.Presentations.AsParallel().AsOrdered().Select((p, i) => new ReportContent.Presentation
        {
            Anchor = $"presentation-{i + 1}",
            Label = p.Agenda.Label,
            Title = p.Agenda.Title,
            SummaryHtml = PublishedText.SummaryHtml(p.Summary, p.PresenterNames, p.Agenda.PresenterNamed),
            Discussion = p.Statements.Select(s => new ReportContent.Statement { Label = s.Label, Html = PublishedText.StatementHtml(s.Label, s.Text) }).ToList(),
        }).ToList();
        return sections;
    }
}
