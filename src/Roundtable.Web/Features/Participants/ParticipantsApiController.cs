using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Participants;

[ApiController, Route("api/roundtables/{roundtableId:long}/participants"), IgnoreAntiforgeryToken]
public sealed class ParticipantsApiController(ListParticipants list, AddParticipant add, UpdateParticipant update, RemoveParticipant remove, People.PeopleScope people,
    AddParticipants addMany, EditParticipants editMany, ImportParticipants import, ExportParticipants export, ExportAttendanceSheet attendance) : ControllerBase
{
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IReadOnlyList<ListParticipants.Row>> Index(long roundtableId, string? role, CancellationToken ct) =>
        await list.HandleAsync(roundtableId, role, ct);

    [HttpPost(""), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ListParticipants.Row>> Add(long roundtableId, ParticipantForm form, CancellationToken ct)
    {
        // Only people the user may read in the directory (see PeopleScope); others look like unknown ids.
        if (form.PersonId is { } personId && await people.HandleAsync(User, personId, ct) is null or People.PersonRight.None)
        {
            ModelState.AddModelError(nameof(form.PersonId), "That person is not in the directory.");
            return ValidationProblem(ModelState);
        }
        var result = await add.HandleAsync(roundtableId, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        var row = (await list.HandleAsync(roundtableId, null, ct)).Single(p => p.Id == result.Value);
        return Created($"/api/roundtables/{roundtableId}/participants/{row.Id}", row);
    }

    [HttpPut("{id:long}"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ListParticipants.Row>> Update(long roundtableId, long id, ParticipantForm form, CancellationToken ct)
    {
        var result = await update.HandleAsync(roundtableId, id, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        if (!result.Value)
        {
            return NotFound();
        }
        return (await list.HandleAsync(roundtableId, null, ct)).Single(p => p.Id == id);
    }

    [HttpDelete("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Remove(long roundtableId, long id, CancellationToken ct)
    {
        var result = await remove.HandleAsync(roundtableId, id, ct);
        if (!result.Ok)
        {
            return Problem(statusCode: StatusCodes.Status409Conflict, title: "The participant spoke in the proceedings", detail: result.Errors[0].Message);
        }
        return result.Value ? NoContent() : NotFound();
    }

    /// <summary>Adds several people of the directory with the same roles: all of them, or none (409 naming those already on the roundtable).</summary>
    [HttpPost("bulk"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<IReadOnlyList<ListParticipants.Row>>> AddMany(long roundtableId, BulkAddForm form, CancellationToken ct)
    {
        var result = await addMany.HandleAsync(User, roundtableId, form, ct);
        if (!result.Ok)
        {
            return result.Errors[0].Field == AddParticipants.AlreadyPresentField
                ? Problem(statusCode: StatusCodes.Status409Conflict, title: "Already on the roundtable", detail: result.Errors[0].Message)
                : ValidationFailed(result.Errors);
        }
        var added = result.Value!.ToHashSet();
        return StatusCode(StatusCodes.Status201Created, (await list.HandleAsync(roundtableId, null, ct)).Where(p => added.Contains(p.Id)).ToList());
    }

    /// <summary>One change to several participants (roles kept, added, removed or replaced; flags set or left): all or none.</summary>
    [HttpPost("bulk-edit"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<IReadOnlyList<ListParticipants.Row>>> EditMany(long roundtableId, BulkEditForm form, CancellationToken ct)
    {
        var result = await editMany.HandleAsync(roundtableId, form, ct);
        if (!result.Ok)
        {
            return ValidationFailed(result.Errors);
        }
        var changed = form.ParticipationIds.ToHashSet();
        return (await list.HandleAsync(roundtableId, null, ct)).Where(p => changed.Contains(p.Id)).ToList();
    }

    /// <summary>Imports CSV text into the roundtable (people matched by email or created); every line or none. With dryRun, answers the preview only.</summary>
    [HttpPost("import"), Consumes("application/json"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<ParticipantsImportAnswer>> Import(long roundtableId, People.ImportRequest request, CancellationToken ct)
    {
        var preview = await import.PreviewAsync(User, roundtableId, request.Csv, ct);
        if (request.DryRun)
        {
            return ParticipantsImportAnswer.Of(preview, imported: false);
        }
        if (!preview.CanImport)
        {
            return UnprocessableEntity(ParticipantsImportAnswer.Of(preview, imported: false));
        }
        var result = await import.HandleAsync(User, roundtableId, request.Csv, ct);
        return result.Ok
            ? ParticipantsImportAnswer.Of(result.Value!, imported: true)
            : UnprocessableEntity(ParticipantsImportAnswer.Of(await import.PreviewAsync(User, roundtableId, request.Csv, ct), imported: false));
    }

    /// <summary>The participants with roles, invitation, RSVP answer and comment, consent, biography flag and attendance, as CSV or XLSX.</summary>
    [HttpGet("export"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "text/csv", Spreadsheets.XlsxType)]
    public async Task<IActionResult> Export(long roundtableId, string? format, CancellationToken ct) =>
        Spreadsheets.ParseFormat(format) is { } f
            ? Spreadsheets.File(await export.HandleAsync(roundtableId, ct), f, $"roundtable-{roundtableId}-participants")
            : Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format", detail: Spreadsheets.FormatRefusal);

    /// <summary>The desk list (name, affiliation, a column to sign; by surname; those who declined left out), as CSV or XLSX.</summary>
    [HttpGet("attendance-sheet"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "text/csv", Spreadsheets.XlsxType)]
    public async Task<IActionResult> AttendanceSheet(long roundtableId, string? format, CancellationToken ct) =>
        Spreadsheets.ParseFormat(format) is { } f
            ? Spreadsheets.File(await attendance.HandleAsync(roundtableId, ct), f, $"roundtable-{roundtableId}-attendance")
            : Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format", detail: Spreadsheets.FormatRefusal);

    private ActionResult ValidationFailed(IEnumerable<FieldError> errors)
    {
        ModelState.AddErrors(errors);
        return ValidationProblem(ModelState);
    }
}

/// <summary>What a participant import did, or would do, line by line.</summary>
public sealed class ParticipantsImportAnswer
{
    public string? FileError { get; init; }
    public IReadOnlyList<Line> Lines { get; init; } = [];
    public int NewPeople { get; init; }
    public int ExistingPeople { get; init; }
    public int Errors { get; init; }
    public bool Imported { get; init; }

    public sealed class Line
    {
        public int Number { get; init; }
        public string Action { get; init; } = "";
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public IReadOnlyList<string> Roles { get; init; } = [];
        public bool MayBeNamed { get; init; }
        public bool BiographyInReport { get; init; }
        public bool Attended { get; init; }
        public IReadOnlyList<string> Errors { get; init; } = [];
    }

    public static ParticipantsImportAnswer Of(ImportParticipants.Preview p, bool imported) => new()
    {
        FileError = p.FileError,
        Lines = p.Rows.Select(r => new Line
        {
            Number = r.Line, Action = r.Action switch { ImportParticipants.RowAction.NewPerson => "new", ImportParticipants.RowAction.Existing => "existing", _ => "error" },
            Name = r.Name, Email = r.Email, Roles = r.Roles, MayBeNamed = r.MayBeNamed, BiographyInReport = r.BiographyInReport, Attended = r.Attended, Errors = r.Errors,
        }).ToList(),
        NewPeople = p.Rows.Count(r => r.Action == ImportParticipants.RowAction.NewPerson),
        ExistingPeople = p.Rows.Count(r => r.Action == ImportParticipants.RowAction.Existing),
        Errors = p.ErrorCount,
        Imported = imported,
    };
}
