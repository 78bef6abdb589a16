using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Proceedings;

public sealed class ApproveForm
{
    /// <summary>The proceedings version the organizer reviewed.</summary>
    public long Version { get; set; }
}

public sealed class ReasonForm
{
    public string Reason { get; set; } = "";
}

public sealed class NotesForm
{
    public string Notes { get; set; } = "";
}

/// <summary>
/// One presentation's proceedings for scripts and the editor: the internal view (real speakers) for its rapporteurs
/// and organizers, the published view for the roundtable's other rapporteurs.
/// </summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/presentations/{presentationId:long}/proceedings"), IgnoreAntiforgeryToken]
public sealed class ProceedingsApiController(
    GetProceedings get, SaveSummary saveSummary, ChangeStatus changeStatus, ApproveProceedings approve, ReopenProceedings reopen,
    CheckLeaks leaks, OverrideLeak overrideLeak, ListHistory history, RestoreRevision restoreRevision, SetDiscussionHeading discussionHeading,
    ListSpeakers speakers) : ControllerBase
{
    [HttpGet(""), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Index(long roundtableId, long presentationId, CancellationToken ct)
    {
        var (p, speakers) = (await get.HandleAsync(roundtableId, presentationId, ct))!.Value;
        return Ok(new
        {
            presentationId, p.Agenda.Label, p.Agenda.Title, p.Status, p.Version, p.Agenda.PresenterNamed, p.Locked, p.Agenda.DiscussionHeading,
            Presenters = p.Agenda.Presenters.Select(x => x.ParticipationId),
            Summary = new { Text = p.Summary, Revision = p.SummaryRevision, Published = p.PublishedSummary },
            Statements = p.Statements.Select(s => new { Statement = StatementDto.From(s), s.Label }),
            Deleted = p.Deleted.Select(StatementDto.From),
            Speakers = speakers.Select(s => new
            {
                Id = s.ParticipationId, s.FullName, s.NameInPrint, s.Surname, s.ShortNames, s.FirstMentionName, ShortForm = s.PrintedShortForm, s.MayBeNamed, s.Observer,
                Presenter = p.IsPresenter(s.ParticipationId),
            }),
        });
    }

    /// <summary>
    /// Everyone who may be chosen as this presentation's speaker, in name order, as the workspace's pickers show them
    /// (the workspace of a large roundtable reads them when a picker is first about to open).
    /// </summary>
    [HttpGet("speakers"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Speakers(long roundtableId, long presentationId, CancellationToken ct) =>
        Ok((await speakers.ChoicesAsync(roundtableId, presentationId, ct)).Select(s => new
        {
            Id = s.ParticipationId, s.FullName, s.MayBeNamed, s.Observer, s.Presenter, Text = s.PickerText,
        }));

    /// <summary>What a reader of the report will see: labels, never real speakers.</summary>
    [HttpGet("published"), RequireProceedings(ProceedingsRight.Read)]
    public async Task<ActionResult> Published(long roundtableId, long presentationId, CancellationToken ct)
    {
        var p = (await get.OneAsync(roundtableId, presentationId, ct, everySpeaker: false))!.Presentation;
        return Ok(new
        {
            presentationId, p.Agenda.Label, p.Agenda.Title, p.Status, Summary = p.PublishedSummary,
            Statements = p.Statements.Select(s => new { s.Label, s.Text }),
        });
    }

    [HttpPut("summary"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Summary(long presentationId, SummaryForm form, CancellationToken ct) =>
        this.Answer(await saveSummary.HandleAsync(presentationId, form, User.Id(), ct), revision => Ok(new { revision }));

    /// <summary>Whether the appendix prints "Discussion." before this presentation's statements.</summary>
    [HttpPut("discussion-heading"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> DiscussionHeading(long presentationId, DiscussionHeadingForm form, CancellationToken ct) =>
        this.Answer(await discussionHeading.HandleAsync(presentationId, form.Printed, User.Id(), ct), printed => Ok(new { printed }));

    [HttpPut("status"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Status(long presentationId, StatusForm form, CancellationToken ct) =>
        this.Answer(await changeStatus.HandleAsync(presentationId, form.Status, User.Id(), ct), status => Ok(new { status }));

    [HttpPost("approve"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireProceedings(ProceedingsRight.Manage)]
    public async Task<ActionResult> Approve(long roundtableId, long presentationId, ApproveForm form, CancellationToken ct) =>
        this.Answer(await approve.HandleAsync(roundtableId, presentationId, form.Version, User.Id(), ct), _ => Ok(new { status = ProceedingStatus.Approved }));

    [HttpPost("reopen"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireProceedings(ProceedingsRight.Manage)]
    public async Task<ActionResult> Reopen(long presentationId, ReasonForm form, CancellationToken ct) =>
        this.Answer(await reopen.HandleAsync(presentationId, form.Reason, User.Id(), ct), _ => Ok(new { status = ProceedingStatus.Edited }));

    [HttpGet("leaks"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Leaks(long roundtableId, long presentationId, CancellationToken ct) =>
        Ok((await leaks.HandleAsync(roundtableId, presentationId, ct)).Select(f => new
        {
            f.Hit.Passage.Place, f.StatementId, f.Hit.Term, f.Hit.Before, f.Hit.After, Person = f.Hit.Person.FullName, f.Overridden, f.OverrideReason,
        }));

    [HttpPost("leaks/override"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireProceedings(ProceedingsRight.Manage)]
    public async Task<ActionResult> Override(long roundtableId, long presentationId, LeakOverrideForm form, CancellationToken ct) =>
        this.Answer(await overrideLeak.HandleAsync(roundtableId, presentationId, form, User.Id(), ct), _ => NoContent());

    [HttpGet("history"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> History(long presentationId, CancellationToken ct)
    {
        var (revisions, events) = await history.HandleAsync(presentationId, 1000, ct);
        return Ok(new { revisions, events });
    }

    [HttpPost("revisions/{revisionId:long}/restore"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Restore(long presentationId, long revisionId, RevisionForm form, CancellationToken ct) =>
        this.Answer(await restoreRevision.HandleAsync(presentationId, revisionId, form.Revision!.Value, User.Id(), ct), revision => Ok(new { revision }));

    /// <summary>Proposes statements from raw notes; saves nothing.</summary>
    [HttpPost("notes/parse"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> ParseNotes(long roundtableId, long presentationId, NotesForm form, CancellationToken ct)
    {
        var (p, speakers) = (await get.HandleAsync(roundtableId, presentationId, ct))!.Value;
        var directory = new SpeakerDirectory(speakers.Select(SpeakerCandidate.Of), p.Agenda.Presenters.Select(x => x.ParticipationId));
        return Ok(NotesParser.Parse(form.Notes, directory).Select(s => new
        {
            s.WrittenAs, Match = s.Match.ToString().ToLowerInvariant(), s.SpeakerId, Alternatives = s.Alternatives.Select(a => a.ParticipationId),
            s.Audience, s.Kind, s.Text,
        }));
    }
}
