namespace Roundtable.Web.Features.People;

public sealed class ImportRequest
{
    public string Csv { get; set; } = "";

    /// <summary>true: only report what would happen.</summary>
    public bool DryRun { get; set; }
}

[ApiController, Route("api/people"), IgnoreAntiforgeryToken, Authorize(Policy = Policies.Organizer)]
public sealed class PeopleApiController(ListPeople list, GetPerson get, CreatePerson create, UpdatePerson update, ImportPeople import, PeopleScope scope, ExportPeople export) : ControllerBase
{
    [HttpGet("")]
    public async Task<IReadOnlyList<ListPeople.Row>> Index(string? q, int limit = 500, CancellationToken ct = default) =>
        await list.HandleAsync(User, q, Math.Clamp(limit, 1, 5000), ct);

    /// <summary>The directory as far as the user may read it (optionally searched), as CSV or XLSX with the import's columns.</summary>
    [HttpGet("export")]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "text/csv", Spreadsheets.XlsxType)]
    public async Task<IActionResult> Export(string? format, string? q, CancellationToken ct) =>
        Spreadsheets.ParseFormat(format) is { } f
            ? Spreadsheets.File(await export.HandleAsync(User, q, ct), f, "people")
            : Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format", detail: Spreadsheets.FormatRefusal);

    [HttpGet("{id:long}")]
    public async Task<ActionResult<GetPerson.Row>> Get(long id, CancellationToken ct) =>
        await scope.HandleAsync(User, id, ct) switch
        {
            null => NotFound(),
            PersonRight.None => Forbid(),
            _ => await get.HandleAsync(id, ct) is { } person ? person : NotFound(),
        };

    [HttpPost(""), Consumes("application/json")]
    public async Task<ActionResult<GetPerson.Row>> Create(PersonForm form, CancellationToken ct)
    {
        var result = await create.HandleAsync(form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return CreatedAtAction(nameof(Get), new { id = result.Value }, await get.HandleAsync(result.Value, ct));
    }

    [HttpPut("{id:long}"), Consumes("application/json")]
    public async Task<ActionResult<GetPerson.Row>> Update(long id, PersonForm form, CancellationToken ct)
    {
        switch (await scope.HandleAsync(User, id, ct))
        {
            case null:
                return NotFound();
            case not PersonRight.Edit:
                return Forbid();
        }
        var result = await update.HandleAsync(id, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return result.Value ? (await get.HandleAsync(id, ct))! : NotFound();
    }

    /// <summary>Imports CSV text; every row or none. With dryRun, answers the preview only.</summary>
    [HttpPost("import"), Consumes("application/json")]
    public async Task<ActionResult<object>> Import(ImportRequest request, CancellationToken ct)
    {
        var preview = await import.PreviewAsync(User, request.Csv, ct);
        object Report(ImportPeople.Preview p) => new
        {
            p.FileError,
            Rows = p.Rows.Select(r => new { r.Line, Action = r.Action.ToString().ToLowerInvariant(), Name = r.RawName, r.Values?.Email, r.Errors }),
            New = p.Rows.Count(r => r.Action == ImportPeople.RowAction.New),
            Updated = p.Rows.Count(r => r.Action == ImportPeople.RowAction.Update),
            Errors = p.ErrorCount,
            Imported = false,
        };
        if (request.DryRun)
        {
            return Ok(Report(preview));
        }
        if (!preview.CanImport)
        {
            return UnprocessableEntity(Report(preview));
        }
        var result = await import.HandleAsync(User, request.Csv, ct);
        if (!result.Ok)
        {
            return UnprocessableEntity(Report(preview));
        }
        return Ok(new { New = preview.Rows.Count(r => r.Action == ImportPeople.RowAction.New), Updated = preview.Rows.Count(r => r.Action == ImportPeople.RowAction.Update), Imported = true });
    }
}
