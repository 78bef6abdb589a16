using System.Globalization;
using System.Text;
using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The appendix: each presentation in agenda order under its ordinal label and title, its summary with the presenter
/// filled in, then "Discussion." and the statements, each opening with its published label. A presentation whose
/// proceedings are not approved is printed as it stands, with a warning. Reads only what is printed (a report can
/// hold tens of thousands of statements), and labels them with the same renderer the editor uses.
/// </summary>
public sealed class AppendixSource(Db db, ListSpeakers listSpeakers)
{
    private sealed class ProceedingRow
    {
        public long PresentationId { get; init; }
        public string Summary { get; init; } = "";
        public long SummaryRevision { get; init; }
        public string Status { get; init; } = ProceedingStatus.Draft;
        public long Version { get; init; }
    }

    private sealed class StatementRow
    {
        public long Id { get; init; }
        public long PresentationId { get; init; }
        public long? SpeakerParticipationId { get; init; }
        public bool Audience { get; init; }
        public bool ByPresenter { get; init; }
        public long? SameVoiceAs { get; init; }
        public string LabelForm { get; init; } = LabelForms.Derived;
        public string? Text { get; init; }
        public string? Html { get; init; }
        public long Revision { get; init; }
    }

    private const string ProceedingsSql = """
        SELECT pc.presentation_id, pc.summary, pc.summary_revision, pc.status, pc.version
        FROM proceedings pc JOIN presentations pr ON pr.id = pc.presentation_id
        WHERE pr.roundtable_id = @roundtableId
        """;

    private const string StatementsSql = """
        SELECT s.id, s.presentation_id, s.speaker_participation_id, s.audience, s.by_presenter, s.same_voice_as, s.label_form,
               CASE WHEN s.html IS NULL THEN s.text END AS text, s.html, s.revision
        FROM statements s JOIN presentations pr ON pr.id = s.presentation_id
        WHERE pr.roundtable_id = @roundtableId AND s.deleted_at IS NULL
        ORDER BY s.presentation_id, s.position, s.id
        """;

    public async Task<IReadOnlyList<ReportContent.Presentation>> HandleAsync(long roundtableId, IReadOnlyList<ListPresentations.Row> presentations,
        List<string> warnings, List<string> sources, CancellationToken ct)
    {
        var voices = new RoundtableVoices(await listSpeakers.HandleAsync(roundtableId, ct));
        Dictionary<long, ProceedingRow> proceedings;
        ILookup<long, StatementRow> statements;
        await using (var conn = await db.OpenAsync(ct))
        {
            proceedings = (await conn.QueryAsync<ProceedingRow>(new CommandDefinition(ProceedingsSql, new { roundtableId }, cancellationToken: ct)))
                .ToDictionary(p => p.PresentationId);
            statements = (await conn.QueryAsync<StatementRow>(new CommandDefinition(StatementsSql, new { roundtableId }, cancellationToken: ct)))
                .ToLookup(s => s.PresentationId);
        }
        foreach (var a in presentations)
        {
            var p = proceedings.GetValueOrDefault(a.Id) ?? new ProceedingRow { PresentationId = a.Id };
            var said = statements[a.Id].ToList();
            if (p.Status != ProceedingStatus.Approved)
            {
                warnings.Add($"{a.Label} (“{a.Title}”) is {ProceedingStatus.Label(p.Status).ToLowerInvariant()}, not approved.");
            }
            if (string.IsNullOrWhiteSpace(p.Summary) && said.Count == 0)
            {
                warnings.Add($"{a.Label} (“{a.Title}”) has no proceedings yet.");
            }
            var source = new StringBuilder(64 + said.Count * 16).Append(CultureInfo.InvariantCulture,
                $"presentation {a.Id} version {p.Version} ({p.Status}): summary r{p.SummaryRevision}");
            for (var i = 0; i < said.Count; i++)
            {
                source.Append(i == 0 ? "; statements " : ", ").Append(said[i].Id).Append("@r").Append(said[i].Revision);
            }
            sources.Add(source.ToString());
        }
        // Labels and the presenters' names in the summaries, in agenda order: a person's first mention may print a fuller form.
        var mentions = new Mentions();
        var printed = presentations.Select(a =>
        {
            var said = statements[a.Id].ToList();
            var summary = PublishedText.Summary(proceedings.GetValueOrDefault(a.Id)?.Summary ?? "", voices.Presenters(a), a.PresenterNamed, mentions);
            var speeches = said.Select(s => voices.Speech(a, s.Id, s.SpeakerParticipationId, s.Audience, s.ByPresenter, s.SameVoiceAs, s.LabelForm)).ToList();
            return (Agenda: a, Said: said, Summary: summary, Labels: AttributionRenderer.Labels(speeches, a.PresenterNamed, mentions));
        }).ToList();
        // Statements are stored rendered; the summaries (and statements written before that) are rendered here, and each
        // presentation is independent: use every core.
        return printed.AsParallel().AsOrdered().Select((x, i) => new ReportContent.Presentation
        {
            Anchor = $"presentation-{i + 1}",
            Label = x.Agenda.Label,
            Title = x.Agenda.Title,
            DiscussionHeading = x.Agenda.DiscussionHeading,
            SummaryHtml = Markdown.ToSafeHtml(x.Summary),
            Discussion = x.Said.Select((s, j) => new ReportContent.Statement { Label = x.Labels[j], BodyHtml = s.Html ?? Markdown.ToSafeHtml(s.Text) }).ToList(),
        }).ToList();
    }
}
