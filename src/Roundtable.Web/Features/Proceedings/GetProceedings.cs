using Dapper;
using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// The proceedings of a roundtable's presentations in agenda order: summary, statements (with real speakers and
/// published labels), deleted statements, lifecycle state. Internal: only for those who may see real speakers.
/// </summary>
public sealed class GetProceedings(Db db, ListPresentations presentations, ListSpeakers speakers)
{
    public sealed class Statement
    {
        public long Id { get; init; }
        public long PresentationId { get; init; }
        public int Position { get; init; }
        public long? SpeakerParticipationId { get; init; }
        public bool Audience { get; init; }
        public string Kind { get; init; } = "";
        public string Text { get; init; } = "";

        /// <summary>The text rendered when it was saved (what the edition prints); null for statements saved before that.</summary>
        public string? Html { get; init; }

        public bool ByPresenter { get; init; }
        public long? SameVoiceAs { get; init; }
        public string LabelForm { get; init; } = LabelForms.Derived;
        public long Revision { get; init; }
        public DateTime? DeletedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public string UpdatedBy { get; init; } = "";

        /// <summary>The published label; empty for a deleted statement.</summary>
        public string Label { get; set; } = "";

        /// <summary>Who spoke, as the label renderer sees it (set for live statements).</summary>
        public Speech? Speech { get; set; }
    }

    private sealed class ProceedingRow
    {
        public long PresentationId { get; init; }
        public string Summary { get; init; } = "";
        public long SummaryRevision { get; init; }
        public string Status { get; init; } = "draft";
        public long Version { get; init; }
        public string? ApprovedBy { get; init; }
        public DateTime? ApprovedAt { get; init; }
    }

    public sealed class Presentation
    {
        public required ListPresentations.Row Agenda { get; init; }
        public string Summary { get; init; } = "";
        public long SummaryRevision { get; init; }
        public string Status { get; init; } = "draft";
        public long Version { get; init; }
        public string? ApprovedBy { get; init; }
        public DateTime? ApprovedAt { get; init; }
        public IReadOnlyList<Statement> Statements { get; init; } = [];
        public IReadOnlyList<Statement> Deleted { get; init; } = [];
        public IReadOnlyList<Voice> Presenters { get; init; } = [];

        /// <summary>The summary as printed (Markdown), with the presenter filled in as the appendix names them here.</summary>
        public string PublishedSummary { get; init; } = "";

        public long Id => Agenda.Id;
        public bool Locked => Status == ProceedingStatus.Approved;
        public bool IsPresenter(long? participationId) => Agenda.Presenters.Any(p => p.ParticipationId == participationId);

        /// <summary>What a <c>{presenter}</c> placeholder opening a sentence prints in this presentation.</summary>
        public string PresenterLabel => AttributionRenderer.PresenterName(Presenters, Agenda.PresenterNamed, startsSentence: true);
    }

    public sealed class Roundtable
    {
        public IReadOnlyList<Presentation> Presentations { get; init; } = [];
        public IReadOnlyList<ListSpeakers.Row> Speakers { get; init; } = [];
    }

    private const string ProceedingsSql = """
        SELECT pc.presentation_id, pc.summary, pc.summary_revision, pc.status, pc.version, u.display_name AS approved_by, pc.approved_at
        FROM proceedings pc JOIN presentations pr ON pr.id = pc.presentation_id
        LEFT JOIN users u ON u.id = pc.approved_by_user_id
        WHERE pr.roundtable_id = @roundtableId
        """;

    private const string StatementsSql = """
        SELECT s.id, s.presentation_id, s.position, s.speaker_participation_id, s.audience, s.kind, s.text, s.html, s.by_presenter,
               s.same_voice_as, s.label_form, s.revision, s.deleted_at, s.updated_at, u.display_name AS updated_by
        FROM statements s JOIN presentations pr ON pr.id = s.presentation_id JOIN users u ON u.id = s.updated_by_user_id
        WHERE pr.roundtable_id = @roundtableId
        ORDER BY s.presentation_id, s.position, s.id
        """;

    public async Task<Roundtable> HandleAsync(long roundtableId, CancellationToken ct)
    {
        var agenda = await presentations.HandleAsync(roundtableId, ct);
        var people = await speakers.HandleAsync(roundtableId, ct);
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<ProceedingRow>(new CommandDefinition(ProceedingsSql, new { roundtableId }, cancellationToken: ct)))
            .ToDictionary(r => r.PresentationId);
        var statements = (await conn.QueryAsync<Statement>(new CommandDefinition(StatementsSql, new { roundtableId }, cancellationToken: ct)))
            .ToLookup(s => s.PresentationId);
        var voices = new RoundtableVoices(people);
        // Agenda order: a named person's first mention in the appendix may print a fuller form.
        var mentions = new Mentions();
        var result = new List<Presentation>(agenda.Count);
        foreach (var a in agenda)
        {
            var row = rows.GetValueOrDefault(a.Id);
            var live = statements[a.Id].Where(s => s.DeletedAt is null).ToList();
            var presenters = voices.Presenters(a);
            var p = new Presentation
            {
                Agenda = a, Summary = row?.Summary ?? "", SummaryRevision = row?.SummaryRevision ?? 0, Status = row?.Status ?? ProceedingStatus.Draft,
                Version = row?.Version ?? 0, ApprovedBy = row?.ApprovedBy, ApprovedAt = row?.ApprovedAt,
                Statements = live, Deleted = statements[a.Id].Where(s => s.DeletedAt is not null).OrderByDescending(s => s.DeletedAt).ToList(),
                Presenters = presenters,
                PublishedSummary = PublishedText.Summary(row?.Summary ?? "", presenters, a.PresenterNamed, mentions),
            };
            foreach (var s in live)
            {
                s.Speech = voices.Speech(a, s.Id, s.SpeakerParticipationId, s.Audience, s.ByPresenter, s.SameVoiceAs, s.LabelForm);
            }
            var labels = AttributionRenderer.Labels(live.Select(s => s.Speech!).ToList(), a.PresenterNamed, mentions);
            for (var i = 0; i < live.Count; i++)
            {
                live[i].Label = labels[i];
            }
            result.Add(p);
        }
        return new Roundtable { Presentations = result, Speakers = people };
    }

    /// <returns>null when the presentation is not on this roundtable's agenda.</returns>
    public async Task<(Presentation Presentation, IReadOnlyList<ListSpeakers.Row> Speakers)?> HandleAsync(long roundtableId, long presentationId, CancellationToken ct)
    {
        var all = await HandleAsync(roundtableId, ct);
        var p = all.Presentations.FirstOrDefault(x => x.Id == presentationId);
        return p is null ? null : (p, all.Speakers);
    }
}

public static class ProceedingStatus
{
    public const string Draft = "draft";
    public const string Edited = "edited";
    public const string Approved = "approved";

    public static string Label(string status) => status switch
    {
        Draft => "Draft",
        Edited => "Edited",
        Approved => "Approved",
        _ => status,
    };
}
