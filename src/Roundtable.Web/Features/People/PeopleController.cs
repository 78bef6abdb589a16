namespace Roundtable.Web.Features.People;

public sealed class PeoplePage
{
    public string? Query { get; init; }
    public IReadOnlyList<ListPeople.Row> Rows { get; init; } = [];
    public int Limit { get; init; }
}

public sealed class PersonEditPage
{
    public long? Id { get; init; }

    /// <summary>The user may read this person but not change them (they take part in someone else's roundtable).</summary>
    public bool ReadOnly { get; init; }
    public PersonForm Form { get; init; } = new();
}

public sealed class ImportPage
{
    public string CsvText { get; init; } = "";
    public ImportPeople.Preview? Preview { get; init; }

    /// <summary>How the file was read, when that needs checking (not UTF-8).</summary>
    public string? Notice { get; init; }
}

[Authorize(Policy = Policies.Organizer), Route("people")]
public sealed class PeopleController(ListPeople list, GetPerson get, CreatePerson create, UpdatePerson update, ImportPeople import, PeopleScope scope, ExportPeople export) : Controller
{
    private const int PageLimit = 500;
    private const int MaxUploadBytes = 2 * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken ct) =>
        View(new PeoplePage { Query = q, Rows = await list.HandleAsync(User, q, PageLimit, ct), Limit = PageLimit });

    /// <summary>The directory (as searched) as CSV or XLSX, with the import's columns.</summary>
    [HttpGet("export")]
    public async Task<IActionResult> Export(string? format, string? q, CancellationToken ct) =>
        Spreadsheets.ParseFormat(format) is { } f ? Spreadsheets.File(await export.HandleAsync(User, q, ct), f, "people") : BadRequest(Spreadsheets.FormatRefusal);

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new PersonEditPage());

    [HttpPost("new")]
    public async Task<IActionResult> New([Bind(Prefix = "Form")] PersonForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await create.HandleAsync(form, ct);
            if (result.Ok)
            {
                TempData["Flash"] = $"{form.FullName.Trim()} added to the directory.";
                return RedirectToAction(nameof(Index));
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View("Edit", new PersonEditPage { Form = form });
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var right = await scope.HandleAsync(User, id, ct);
        if (right is null || await get.HandleAsync(id, ct) is not { } person)
        {
            return NotFound();
        }
        return right == PersonRight.None ? Forbid()
            : View("Edit", new PersonEditPage { Id = id, Form = person.ToForm(), ReadOnly = right != PersonRight.Edit });
    }

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Edit(long id, [Bind(Prefix = "Form")] PersonForm form, CancellationToken ct)
    {
        switch (await scope.HandleAsync(User, id, ct))
        {
            case null:
                return NotFound();
            case not PersonRight.Edit:
                return Forbid();
        }
        if (ModelState.IsValid)
        {
            var result = await update.HandleAsync(id, form, ct);
            if (result.Ok)
            {
                if (!result.Value)
                {
                    return NotFound();
                }
                TempData["Flash"] = $"{form.FullName.Trim()} saved.";
                return RedirectToAction(nameof(Index));
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View("Edit", new PersonEditPage { Id = id, Form = form });
    }

    [HttpGet("import")]
    public IActionResult Import() => View(new ImportPage());

    /// <summary>Reads the uploaded file (or pasted text) and shows what an import would do; writes nothing.</summary>
    [HttpPost("import/preview"), RequestSizeLimit(MaxUploadBytes + 64 * 1024)]
    public async Task<IActionResult> Preview(IFormFile? file, string? csvText, CancellationToken ct)
    {
        var text = csvText ?? "";
        string? notice = null;
        if (file is { Length: > 0 })
        {
            if (file.Length > MaxUploadBytes)
            {
                ModelState.AddModelError("", "The file is larger than 2 MB.");
                return View("Import", new ImportPage());
            }
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes, ct);
            (text, notice) = CsvFileText.Decode(bytes.ToArray());
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError("", "Choose a CSV file or paste its text.");
            return View("Import", new ImportPage());
        }
        return View("Import", new ImportPage { CsvText = text, Preview = await import.PreviewAsync(User, text, ct), Notice = notice });
    }

    [HttpPost("import")]
    public async Task<IActionResult> Import(string csvText, CancellationToken ct)
    {
        var result = await import.HandleAsync(User, csvText ?? "", ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View("Import", new ImportPage { CsvText = csvText ?? "", Preview = await import.PreviewAsync(User, csvText ?? "", ct) });
        }
        var p = result.Value!;
        var added = p.Rows.Count(r => r.Action == ImportPeople.RowAction.New);
        TempData["Flash"] = $"Imported {p.Rows.Count} people: {added} new, {p.Rows.Count - added} updated.";
        return RedirectToAction(nameof(Index));
    }
}
