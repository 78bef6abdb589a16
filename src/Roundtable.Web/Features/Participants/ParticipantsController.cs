using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Participants;

public sealed class ParticipantsPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public string? Role { get; init; }
    /// <summary>The participants shown: one page of <see cref="PageSize"/> (the whole list for the demo and most roundtables).</summary>
    public IReadOnlyList<ListParticipants.Row> Rows { get; init; } = [];

    public const int PageSize = 100;

    /// <summary>The page shown (1 = the first), and how many participants the list has in all (with the role filter).</summary>
    public int Page { get; init; } = 1;
    public long Total { get; init; }
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The address of another page of the list, with the same role filter.</summary>
    public string PageUrl(int page) =>
        $"/roundtables/{Roundtable.Id}/participants" + (Role is null ? (page == 1 ? "" : $"?page={page}") : $"?role={Role}" + (page == 1 ? "" : $"&page={page}"));

    public IReadOnlyList<ListAddablePeople.Row> Addable { get; init; } = [];

    /// <summary>More people could be added than <see cref="Addable"/> lists (<see cref="ListAddablePeople.Limit"/>).</summary>
    public bool MoreAddable { get; init; }
    public ParticipantForm Form { get; init; } = new();
    public bool CanManage { get; init; }

    /// <summary>The directory search for adding several people at once; null when none was asked for.</summary>
    public string? Query { get; init; }
    public IReadOnlyList<SearchDirectory.Row>? Found { get; init; }
    public BulkAddForm BulkAdd { get; init; } = new() { Roles = ["participant"] };
    public BulkEditForm BulkEdit { get; init; } = new();
}

public sealed class ParticipantsImportPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public string CsvText { get; init; } = "";
    public ImportParticipants.Preview? Preview { get; init; }

    /// <summary>How the file was read, when that needs checking (not UTF-8).</summary>
    public string? Notice { get; init; }
}

public sealed class ParticipantEditPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public ListParticipants.Row Participant { get; init; } = new();
    public ParticipantForm Form { get; init; } = new();
}

[Route("roundtables/{roundtableId:long}/participants")]
public sealed class ParticipantsController(
    GetRoundtable getRoundtable, ListParticipants list, ListAddablePeople addable,
    AddParticipant add, UpdateParticipant update, RemoveParticipant remove, People.PeopleScope people,
    SearchDirectory search, AddParticipants addMany, EditParticipants editMany, ImportParticipants import,
    ExportParticipants export, ExportAttendanceSheet attendance) : Controller
{
    private const int MaxUploadBytes = 2 * 1024 * 1024;

    /// <param name="find">Set by the directory search form: list the people matching <paramref name="q"/> (all when empty).</param>
    [HttpGet(""), RequireRoundtable(Access.Read)]
    public async Task<IActionResult> Index(long roundtableId, string? role, string? q, bool find, int? page, CancellationToken ct) =>
        View(await PageAsync(roundtableId, role, new ParticipantForm { Roles = ["participant"] }, ct, find ? q ?? "" : null, page: page ?? 1));

    [HttpPost(""), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Add(long roundtableId, [Bind(Prefix = "Form")] ParticipantForm form, CancellationToken ct)
    {
        if (form.PersonId is { } personId && await people.HandleAsync(User, personId, ct) is null or People.PersonRight.None)
        {
            ModelState.AddModelError("Form.PersonId", "Choose a person from the list.");
        }
        if (ModelState.IsValid)
        {
            var result = await add.HandleAsync(roundtableId, form, ct);
            if (result.Ok)
            {
                TempData["Flash"] = "Participant added.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        return View("Index", await PageAsync(roundtableId, null, form, ct));
    }

    [HttpGet("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, long id, CancellationToken ct)
    {
        var participant = (await list.HandleAsync(roundtableId, null, ct)).FirstOrDefault(p => p.Id == id);
        if (participant is null)
        {
            return NotFound();
        }
        var form = new ParticipantForm
        {
            PersonId = participant.PersonId, Roles = participant.Roles.ToList(), MayBeNamed = participant.MayBeNamed,
            BiographyInReport = participant.BiographyInReport, AudiencePhrase = participant.AudiencePhrase, Attended = participant.Attended,
            InvitationStatus = participant.InvitationStatus,
        };
        // Named, since a refused removal shows this page too.
        return View(nameof(Edit), new ParticipantEditPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Participant = participant, Form = form });
    }

    [HttpPost("{id:long}"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, long id, [Bind(Prefix = "Form")] ParticipantForm form, CancellationToken ct)
    {
        var participant = (await list.HandleAsync(roundtableId, null, ct)).FirstOrDefault(p => p.Id == id);
        if (participant is null)
        {
            return NotFound();
        }
        form.PersonId = participant.PersonId;
        ModelState.Remove("Form.PersonId");
        if (!ModelState.IsValid)
        {
            return View(new ParticipantEditPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Participant = participant, Form = form });
        }
        var result = await update.HandleAsync(roundtableId, id, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
            return View(new ParticipantEditPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Participant = participant, Form = form });
        }
        TempData["Flash"] = $"{participant.FullName} saved.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    [HttpPost("{id:long}/remove"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Remove(long roundtableId, long id, CancellationToken ct)
    {
        var result = await remove.HandleAsync(roundtableId, id, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return await Edit(roundtableId, id, ct);
        }
        if (!result.Value)
        {
            return NotFound();
        }
        TempData["Flash"] = "Participant removed.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    /// <summary>Adds the people ticked in the directory search, all or none.</summary>
    [HttpPost("bulk-add"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> AddMany(long roundtableId, [Bind(Prefix = "BulkAdd")] BulkAddForm form, string? q, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await addMany.HandleAsync(User, roundtableId, form, ct);
            if (result.Ok)
            {
                TempData["Flash"] = result.Value!.Count == 1 ? "1 participant added." : $"{result.Value!.Count} participants added.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "BulkAdd." + e.Field }));
        }
        return View("Index", await PageAsync(roundtableId, null, new ParticipantForm { Roles = ["participant"] }, ct, q ?? "", bulkAdd: form));
    }

    /// <summary>One change to the participants ticked in the list, all or none.</summary>
    [HttpPost("bulk-edit"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> EditMany(long roundtableId, [Bind(Prefix = "BulkEdit")] BulkEditForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await editMany.HandleAsync(roundtableId, form, ct);
            if (result.Ok)
            {
                TempData["Flash"] = result.Value == 1 ? "1 participant changed." : $"{result.Value} participants changed.";
                return RedirectToAction(nameof(Index), new { roundtableId });
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "BulkEdit." + e.Field }));
        }
        return View("Index", await PageAsync(roundtableId, null, new ParticipantForm { Roles = ["participant"] }, ct, bulkEdit: form));
    }

    [HttpGet("import"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Import(long roundtableId, CancellationToken ct) =>
        View(new ParticipantsImportPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))! });

    /// <summary>Reads the uploaded file (or pasted text) and shows what an import would do; writes nothing.</summary>
    [HttpPost("import/preview"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage), RequestSizeLimit(MaxUploadBytes + 64 * 1024)]
    public async Task<IActionResult> Preview(long roundtableId, IFormFile? file, string? csvText, CancellationToken ct)
    {
        var roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!;
        var text = csvText ?? "";
        string? notice = null;
        if (file is { Length: > 0 })
        {
            if (file.Length > MaxUploadBytes)
            {
                ModelState.AddModelError("", "The file is larger than 2 MB.");
                return View("Import", new ParticipantsImportPage { Roundtable = roundtable });
            }
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes, ct);
            (text, notice) = People.CsvFileText.Decode(bytes.ToArray());
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError("", "Choose a CSV file or paste its text.");
            return View("Import", new ParticipantsImportPage { Roundtable = roundtable });
        }
        return View("Import", new ParticipantsImportPage
        {
            Roundtable = roundtable, CsvText = text, Preview = await import.PreviewAsync(User, roundtableId, text, ct), Notice = notice,
        });
    }

    [HttpPost("import"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage), RequestSizeLimit(MaxUploadBytes + 64 * 1024)]
    public async Task<IActionResult> Import(long roundtableId, string? csvText, CancellationToken ct)
    {
        var result = await import.HandleAsync(User, roundtableId, csvText ?? "", ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View("Import", new ParticipantsImportPage
            {
                Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, CsvText = csvText ?? "",
                Preview = await import.PreviewAsync(User, roundtableId, csvText ?? "", ct),
            });
        }
        var rows = result.Value!.Rows;
        var created = rows.Count(r => r.Action == ImportParticipants.RowAction.NewPerson);
        TempData["Flash"] = $"Imported {rows.Count} participants: {created} new to the directory, {rows.Count - created} already in it.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    [HttpGet("export"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Export(long roundtableId, string? format, CancellationToken ct) =>
        Spreadsheets.ParseFormat(format) is { } f
            ? Spreadsheets.File(await export.HandleAsync(roundtableId, ct), f, $"roundtable-{roundtableId}-participants")
            : BadRequest(Spreadsheets.FormatRefusal);

    [HttpGet("attendance-sheet"), Authorize(Policy = Policies.Organizer), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> AttendanceSheet(long roundtableId, string? format, CancellationToken ct) =>
        Spreadsheets.ParseFormat(format) is { } f
            ? Spreadsheets.File(await attendance.HandleAsync(roundtableId, ct), f, $"roundtable-{roundtableId}-attendance")
            : BadRequest(Spreadsheets.FormatRefusal);

    private async Task<ParticipantsPage> PageAsync(long roundtableId, string? role, ParticipantForm form, CancellationToken ct,
        string? query = null, BulkAddForm? bulkAdd = null, BulkEditForm? bulkEdit = null, int page = 1)
    {
        var canManage = HttpContext.Items[typeof(Access)] is Access.Manage;
        role = ParticipationRoles.IsKnown(role ?? "") ? role : null;
        page = Math.Max(1, page);
        var (rows, total) = await list.PageAsync(roundtableId, role, (page - 1) * ParticipantsPage.PageSize, ParticipantsPage.PageSize, ct);
        var (addablePeople, moreAddable) = canManage ? await addable.FirstAsync(User, roundtableId, ct) : ([], false);
        return new ParticipantsPage
        {
            Query = canManage ? query : null,
            Found = canManage && query is not null ? await search.HandleAsync(User, roundtableId, query, ct) : null,
            BulkAdd = bulkAdd ?? new BulkAddForm { Roles = ["participant"] },
            BulkEdit = bulkEdit ?? new BulkEditForm(),
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Role = role,
            Rows = rows,
            Page = page,
            Total = total,
            Addable = addablePeople,
            MoreAddable = moreAddable,
            Form = form,
            CanManage = canManage,
        };
    }
}
