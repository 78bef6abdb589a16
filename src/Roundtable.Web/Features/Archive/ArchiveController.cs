using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Web.Features.Audit;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

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
public sealed class ArchiveController(RoundtableAccess access, ExportRoundtable export, PreviewImport preview, ImportRoundtable import,
    RecordAudit audit, TimeProvider clock) : Controller
{
    public const long MaxArchiveBytes = 1L << 30;

    [Authorize, HttpGet("roundtables/{roundtableId:long}/archive")]
    public Task<IActionResult> Download(long roundtableId, CancellationToken ct) => DownloadAsync(roundtableId, ct);

    [Authorize, HttpGet("api/roundtables/{roundtableId:long}/archive"), Produces("application/zip")]
    public Task<IActionResult> DownloadApi(long roundtableId, CancellationToken ct) => DownloadAsync(roundtableId, ct);

    private async Task<IActionResult> DownloadAsync(long roundtableId, CancellationToken ct)
    {
        var granted = await access.HandleAsync(User, roundtableId, ct);
        if (granted is null)
        {
            return NotFound();
        }
        if (granted != Access.Manage && !User.IsAdministrator())
        {
            return Forbid();
        }
        var path = Path.Combine(UploadFolder(), $"export-{Guid.NewGuid():N}.zip");
        var manifest = await export.HandleAsync(roundtableId, path, ct);
        if (manifest is null)
        {
            return NotFound();
        }
        await audit.HandleAsync(User.Id(), null, ExportRoundtableCommand.AuditAction, roundtableId, "downloaded", ct);
        // Served from the file and removed once sent: the archive is never held in memory.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return File(stream, "application/zip", $"roundtable-{roundtableId}-{manifest.ExportedAt:yyyyMMdd}.zip");
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
        ClearOldUploads();
        var name = Guid.NewGuid().ToString("N");
        var path = UploadPath(name)!;
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
        if (UploadPath(upload) is not { } path || !System.IO.File.Exists(path))
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

    private static string UploadFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "roundtable-archives");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Only a name this controller made (32 hex digits) names a file; anything else is no upload.</summary>
    private static string? UploadPath(string? name) =>
        name is { Length: 32 } && name.All(Uri.IsHexDigit) ? Path.Combine(UploadFolder(), name + ".zip") : null;

    private void ClearOldUploads()
    {
        foreach (var old in new DirectoryInfo(UploadFolder()).EnumerateFiles("*.zip").Where(f => f.LastWriteTimeUtc < clock.GetUtcNow().UtcDateTime.AddDays(-1)))
        {
            try
            {
                old.Delete();
            }
            catch (IOException)
            {
            }
        }
    }
}
