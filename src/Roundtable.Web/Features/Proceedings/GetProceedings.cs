using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Attribution;

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
            result.Add(Build(a, rows.GetValueOrDefault(a.Id), statements[a.Id].ToList(), voices, mentions));
        }
        return new Roundtable { Presentations = result, Speakers = people };
    }

    /// <returns>null when the presentation is not on this roundtable's agenda.</returns>
    public async Task<(Presentation Presentation, IReadOnlyList<ListSpeakers.Row> Speakers)?> HandleAsync(long roundtableId, long presentationId, CancellationToken ct)
    {
        var one = await OneAsync(roundtableId, presentationId, ct);
        return one is null ? null : (one.Presentation, one.Speakers);
    }

    /// <summary>A presentation's proceedings as the list of them shows it: status, summary, how many statements.</summary>
    public sealed class Listed
    {
        public required ListPresentations.Row Agenda { get; init; }
        public string Summary { get; init; } = "";
        public string Status { get; init; } = ProceedingStatus.Draft;
        public long Statements { get; init; }

        public long Id => Agenda.Id;
        public bool Locked => Status == ProceedingStatus.Approved;
    }

    private sealed class ListedRow
    {
        public long PresentationId { get; init; }
        public string Summary { get; init; } = "";
        public string Status { get; init; } = ProceedingStatus.Draft;
        public long Statements { get; init; }
    }

    private const string ListedSql = """
        SELECT pr.id AS presentation_id, COALESCE(pc.summary, '') AS summary, COALESCE(pc.status, 'draft') AS status,
               (SELECT COUNT(*) FROM statements s WHERE s.presentation_id = pr.id AND s.deleted_at IS NULL) AS statements
        FROM presentations pr LEFT JOIN proceedings pc ON pc.presentation_id = pr.id
        WHERE pr.roundtable_id = @roundtableId
        """;

    /// <summary>Every presentation's proceedings counted, for the list: no statement is read.</summary>
    public async Task<IReadOnlyList<Listed>> ListAsync(long roundtableId, CancellationToken ct)
    {
        var agenda = await presentations.HandleAsync(roundtableId, ct);
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<ListedRow>(new CommandDefinition(ListedSql, new { roundtableId }, cancellationToken: ct))).ToDictionary(r => r.PresentationId);
        return agenda.Select(a => rows.GetValueOrDefault(a.Id) is { } r
            ? new Listed { Agenda = a, Summary = r.Summary, Status = r.Status, Statements = r.Statements }
            : new Listed { Agenda = a }).ToList();
    }

    /// <summary>One presentation's proceedings, and what its pages need of the others.</summary>
    public sealed class One
    {
        public required Presentation Presentation { get; init; }
        public IReadOnlyList<ListSpeakers.Row> Speakers { get; init; } = [];

        /// <summary>Every presentation of the agenda, in order, with its lifecycle status (not its texts).</summary>
        public IReadOnlyList<(ListPresentations.Row Agenda, string Status)> Agenda { get; init; } = [];
    }

    private sealed class StatusRow
    {
        public long PresentationId { get; init; }
        public string Status { get; init; } = ProceedingStatus.Draft;
        public bool NamesPresenter { get; init; }
    }

    // Every presentation's status, and whether its summary names its presenter (a mention, for the first-mention rule).
    private const string StatusesSql = """
        SELECT pc.presentation_id, pc.status,
               CASE WHEN LOWER(pc.summary) LIKE '%{presenter}%' THEN 1 ELSE 0 END AS names_presenter
        FROM proceedings pc JOIN presentations pr ON pr.id = pc.presentation_id
        WHERE pr.roundtable_id = @roundtableId
        """;

    private const string OneProceedingSql = """
        SELECT pc.presentation_id, pc.summary, pc.summary_revision, pc.status, pc.version, u.display_name AS approved_by, pc.approved_at
        FROM proceedings pc LEFT JOIN users u ON u.id = pc.approved_by_user_id
        WHERE pc.presentation_id = @presentationId
        """;

    private const string OneStatementsSql = """
        SELECT s.id, s.presentation_id, s.position, s.speaker_participation_id, s.audience, s.kind, s.text, s.html, s.by_presenter,
               s.same_voice_as, s.label_form, s.revision, s.deleted_at, s.updated_at, u.display_name AS updated_by
        FROM statements s JOIN users u ON u.id = s.updated_by_user_id
        WHERE s.presentation_id = @presentationId
        ORDER BY s.position, s.id
        """;

    // The other presentations' statements by the people this one may name, without their texts: whether the appendix
    // names them before this presentation. Found by speaker (ix_statements_speaker), not by roundtable: the ids are
    // this roundtable's participations, whose statements are this roundtable's (every write checks the speaker), and
    // only the rows of this agenda's presentations are looked at anyway. A condition on the roundtable made SQLite
    // read every statement of the roundtable, texts included.
    private const string SpokenSql = """
        SELECT s.id, s.presentation_id, s.speaker_participation_id, s.audience, s.by_presenter, s.same_voice_as, s.label_form
        FROM statements s
        WHERE s.speaker_participation_id IN @ids AND s.presentation_id <> @presentationId AND s.deleted_at IS NULL
        ORDER BY s.presentation_id, s.position, s.id
        """;

    /// <summary>
    /// One presentation's proceedings, labelled exactly as <see cref="HandleAsync(long, CancellationToken)"/> labels them,
    /// without reading the other presentations' texts: the first-mention rule needs only who the presentations before
    /// it name (in their summaries' placeholders and their named statements), which their recorded speakers tell. So the
    /// workspace of one presentation reads its own statements, the speakers and a narrow row per earlier statement with a
    /// speaker, and no longer every statement of the roundtable with its text and HTML.
    /// <para>Of those earlier statements it reads only the ones by the people this presentation can name (its speakers
    /// and its presenters): a mention is one person's, and whether a statement names its speaker depends on that
    /// statement alone (its form, its speaker, the presentation's naming of its presenter), never on its neighbours, so
    /// the others cannot change a label here. On a roundtable of 4,000 statements that is a few hundred rows, not all.</para>
    /// </summary>
    /// <param name="everySpeaker">
    /// True: <see cref="One.Speakers"/> holds every participant (for the API, the live capture's type-ahead and pasted
    /// notes). False: only those the labels need (this presentation's speakers and every presentation's presenters);
    /// a page that lists everyone reads <see cref="ListSpeakers.PickerAsync"/>, a fraction of the columns.
    /// </param>
    /// <returns>null when the presentation is not on this roundtable's agenda.</returns>
    public async Task<One?> OneAsync(long roundtableId, long presentationId, CancellationToken ct, bool everySpeaker = true)
    {
        var agenda = await presentations.HandleAsync(roundtableId, ct);
        var index = agenda.ToList().FindIndex(a => a.Id == presentationId);
        if (index < 0)
        {
            return null;
        }
        var people = everySpeaker ? await speakers.HandleAsync(roundtableId, ct) : null;
        await using var conn = await db.OpenAsync(ct);
        var statuses = (await conn.QueryAsync<StatusRow>(new CommandDefinition(StatusesSql, new { roundtableId }, cancellationToken: ct)))
            .ToDictionary(r => r.PresentationId);
        var row = await conn.QuerySingleOrDefaultAsync<ProceedingRow>(new CommandDefinition(OneProceedingSql, new { presentationId }, cancellationToken: ct));
        var statements = (await conn.QueryAsync<Statement>(new CommandDefinition(OneStatementsSql, new { presentationId }, cancellationToken: ct))).AsList();
        var nameable = statements.Where(s => s.DeletedAt is null && s.SpeakerParticipationId is not null)
            .Select(s => s.SpeakerParticipationId!.Value)
            .Concat(agenda[index].Presenters.Select(p => p.ParticipationId))
            .Distinct()
            .ToList();
        var spoken = (await conn.QueryAsync<Statement>(new CommandDefinition(db.SqlWithIdList(SpokenSql),
                new { presentationId, ids = db.IdList(nameable) }, cancellationToken: ct)))
            .ToLookup(s => s.PresentationId);
        // The voices the labels below need: who may be named here, and every presentation's presenters (the mentions
        // of the earlier summaries' {presenter}); deleted statements get no label.
        people ??= await ListSpeakers.SomeAsync(db, conn, roundtableId,
            nameable.Concat(agenda.SelectMany(a => a.Presenters.Select(p => p.ParticipationId))).Distinct(), ct);
        var voices = new RoundtableVoices(people);

        // The mentions of the presentations before this one, in agenda order, as the full read makes them.
        var mentions = new Mentions();
        foreach (var a in agenda.Take(index))
        {
            if (statuses.GetValueOrDefault(a.Id)?.NamesPresenter == true)
            {
                AttributionRenderer.PresenterName(voices.Presenters(a), a.PresenterNamed, startsSentence: true, mentions);
            }
            var before = spoken[a.Id].Select(s => voices.Speech(a, s.Id, s.SpeakerParticipationId, s.Audience, s.ByPresenter, s.SameVoiceAs, s.LabelForm)).ToList();
            AttributionRenderer.Labels(before, a.PresenterNamed, mentions);
        }
        var presentation = Build(agenda[index], row, statements, voices, mentions);
        return new One
        {
            Presentation = presentation,
            Speakers = people,
            Agenda = agenda.Select(a => (a, a.Id == presentationId ? presentation.Status : statuses.GetValueOrDefault(a.Id)?.Status ?? ProceedingStatus.Draft)).ToList(),
        };
    }

    private static Presentation Build(ListPresentations.Row a, ProceedingRow? row, IReadOnlyList<Statement> statements, RoundtableVoices voices, Mentions mentions)
    {
        var live = statements.Where(s => s.DeletedAt is null).ToList();
        var presenters = voices.Presenters(a);
        var p = new Presentation
        {
            Agenda = a, Summary = row?.Summary ?? "", SummaryRevision = row?.SummaryRevision ?? 0, Status = row?.Status ?? ProceedingStatus.Draft,
            Version = row?.Version ?? 0, ApprovedBy = row?.ApprovedBy, ApprovedAt = row?.ApprovedAt,
            Statements = live, Deleted = statements.Where(s => s.DeletedAt is not null).OrderByDescending(s => s.DeletedAt).ToList(),
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
        return p;
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
