namespace Roundtable.Web.Features.Archive;

public sealed class ArchiveImportPage
{
    public ImportPreview? Preview { get; init; }
    /// <summary>The uploaded archive waiting for the confirmation (a random name in the upload folder).</summary>
    public string? Upload { get; init; }
    public bool KeepExistingPeople { get; init; }
}

/// <summary>
/// The roundtable archive from the pages and the API: a download for those who manage the roundtable (or an
/// administrator), and the administrators' import (upload, preview, confirm).
/// </summary>
public sealed class ArchiveController(DownloadArchive download, PreviewImport preview, ImportRoundtable import, TimeProvider clock) : Controller
{
    public const long MaxArchiveBytes = 1L << 30;

    [Authorize, HttpGet("roundtables/{roundtableId:long}/archive")]
    public async Task<IActionResult> Download(long roundtableId, CancellationToken ct)
    {
        var d = await download.HandleAsync(User, roundtableId, ct);
        return d.File is { } file ? File(file, "application/zip", d.FileName) : StatusCode(d.Status);
    }

    [Authorize(Policy = Policies.Administrator), HttpGet("settings/import")]
    public IActionResult Import() => View(new ArchiveImportPage());

    [Authorize(Policy = Policies.Administrator), HttpPost("settings/import"), RequestSizeLimit(MaxArchiveBytes),
     RequestFormLimits(MultipartBodyLengthLimit = MaxArchiveBytes)]
    public async Task<IActionResult> Upload(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Refused("Choose a roundtable archive (a .zip file made by \"Download archive\" or export-roundtable).", null);
        }
        ArchiveUploads.ClearOlderThan(clock.GetUtcNow().UtcDateTime.AddDays(-1));
        var name = Guid.NewGuid().ToString("N");
        var path = ArchiveUploads.PathOf(name)!;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            await file.CopyToAsync(target, ct);
        }
        try
        {
            return View(nameof(Import), new ArchiveImportPage { Preview = await preview.HandleAsync(path, ct), Upload = name });
        }
        catch (ArchiveRefusedException e)
        {
            System.IO.File.Delete(path);
            return Refused(e.Message, null);
        }
    }

    [Authorize(Policy = Policies.Administrator), HttpPost("settings/import/confirm")]
    public async Task<IActionResult> Confirm(string? upload, bool keepExistingPeople, CancellationToken ct)
    {
        if (ArchiveUploads.PathOf(upload) is not { } path || !System.IO.File.Exists(path))
        {
            return Refused("That upload is no longer here (uploads are kept for a day); choose the archive again.", null);
        }
        try
        {
            var outcome = await import.HandleAsync(path, User.Id(), keepExistingPeople, ct);
            System.IO.File.Delete(path);
            TempData["Flash"] = $"Imported \"{outcome.Title}\": {outcome.PeopleCreated} people added to the directory, {outcome.PeopleMatched} matched by email.";
            return Redirect($"/roundtables/{outcome.RoundtableId}");
        }
        catch (ArchiveRefusedException e)
        {
            ImportPreview? again = null;
            try
            {
                again = await preview.HandleAsync(path, ct);
            }
            catch (ArchiveRefusedException)
            {
                System.IO.File.Delete(path);
                upload = null;
            }
            return Refused(e.Message, again is null ? null : new ArchiveImportPage { Preview = again, Upload = upload, KeepExistingPeople = keepExistingPeople });
        }
    }

    private ViewResult Refused(string message, ArchiveImportPage? page)
    {
        ModelState.AddModelError("", message + " Nothing was imported.");
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Import), page ?? new ArchiveImportPage());
    }
}
