namespace Roundtable.Web.Features.Proceedings;

public sealed class ImportForm
{
    public List<StatementForm> Statements { get; set; } = [];
}

/// <summary>
/// The statements of one presentation's discussion. Every change names the revision it was based on; a change on top
/// of a newer revision gets 409 with that newer version, an approved presentation 423.
/// </summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/presentations/{presentationId:long}/proceedings/statements"), IgnoreAntiforgeryToken]
public sealed class StatementsApiController(
    AddStatement add, UpdateStatement update, DeleteStatement delete, RestoreStatement restore, ReorderStatements reorder,
    SplitStatement split, MergeStatements merge, MoveStatement move, ImportStatements import, ProceedingsAccess access) : ControllerBase
{
    private static string StatementUrl(long roundtableId, long presentationId, long id) =>
        $"/api/roundtables/{roundtableId}/presentations/{presentationId}/proceedings/statements/{id}";

    [HttpPost(""), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Add(long roundtableId, long presentationId, StatementForm form, CancellationToken ct) =>
        this.Answer(await add.HandleAsync(presentationId, form, User.Id(), ct),
            s => Created(StatementUrl(roundtableId, presentationId, s.Id), StatementDto.From(s)));

    [HttpPut("{id:long}"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Update(long presentationId, long id, StatementForm form, CancellationToken ct) =>
        this.Answer(await update.HandleAsync(presentationId, id, form, User.Id(), ct), s => Ok(StatementDto.From(s)));

    [HttpPost("{id:long}/delete"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Delete(long presentationId, long id, RevisionForm form, CancellationToken ct) =>
        this.Answer(await delete.HandleAsync(presentationId, id, form.Revision!.Value, User.Id(), ct), s => Ok(StatementDto.From(s)));

    [HttpPost("{id:long}/restore"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Restore(long presentationId, long id, CancellationToken ct) =>
        this.Answer(await restore.HandleAsync(presentationId, id, User.Id(), ct), s => Ok(StatementDto.From(s)));

    [HttpPut("order"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Order(long presentationId, StatementOrder order, CancellationToken ct) =>
        this.Answer(await reorder.HandleAsync(presentationId, order.Ids, User.Id(), ct), ids => Ok(new { ids }));

    [HttpPost("{id:long}/split"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Split(long presentationId, long id, SplitForm form, CancellationToken ct) =>
        this.Answer(await split.HandleAsync(presentationId, id, form, User.Id(), ct),
            pair => Ok(new { first = StatementDto.From(pair.First), second = StatementDto.From(pair.Second) }));

    [HttpPost("{id:long}/merge"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Merge(long presentationId, long id, RevisionForm form, CancellationToken ct)
    {
        if (form.OtherRevision is null)
        {
            ModelState.AddModelError(nameof(form.OtherRevision), "Send the revision of the next statement too (otherRevision).");
            return ValidationProblem(ModelState);
        }
        return this.Answer(await merge.HandleAsync(presentationId, id, form.Revision!.Value, form.OtherRevision.Value, User.Id(), ct), s => Ok(StatementDto.From(s)));
    }

    /// <summary>Moves a statement to another presentation of the same roundtable; the writer must be allowed to edit both.</summary>
    [HttpPost("{id:long}/move"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Move(long roundtableId, long presentationId, long id, RevisionForm form, CancellationToken ct)
    {
        if (form.PresentationId is not { } target)
        {
            ModelState.AddModelError(nameof(form.PresentationId), "Say which presentation the statement moves to (presentationId).");
            return ValidationProblem(ModelState);
        }
        if (await access.HandleAsync(User, roundtableId, target, ct) is { } right && right < ProceedingsRight.Edit)
        {
            return Forbid();
        }
        return this.Answer(await move.HandleAsync(presentationId, id, form.Revision!.Value, target, User.Id(), ct), s => Ok(StatementDto.From(s)));
    }

    /// <summary>Saves a batch of statements (confirmed from pasted notes, or from a script) at the end; all or none.</summary>
    [HttpPost("import"), Consumes("application/json"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<ActionResult> Import(long presentationId, ImportForm form, CancellationToken ct) =>
        this.Answer(await import.HandleAsync(presentationId, form.Statements, User.Id(), ct), n => Ok(new { imported = n }));
}
