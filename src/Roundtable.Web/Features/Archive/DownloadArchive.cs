using System.Security.Claims;
using Roundtable.Web.Features.Audit;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Archive;

/// <summary>
/// The archive of one roundtable for the person asking: those who manage it (its organizers) and administrators; 404
/// for a roundtable that does not exist, 403 for anyone else. Written to a temporary file that is removed once sent, so
/// the archive is never held in memory.
/// </summary>
public sealed class DownloadArchive(RoundtableAccess access, ExportRoundtable export, RecordAudit audit)
{
    public sealed record Download(int Status, FileStream? File = null, string? FileName = null);

    public async Task<Download> HandleAsync(ClaimsPrincipal user, long roundtableId, CancellationToken ct)
    {
        var granted = await access.HandleAsync(user, roundtableId, ct);
        if (granted is null)
        {
            return new(StatusCodes.Status404NotFound);
        }
        if (granted != Access.Manage && !user.IsAdministrator())
        {
            return new(StatusCodes.Status403Forbidden);
        }
        var path = Path.Combine(ArchiveUploads.Folder(), $"export-{Guid.NewGuid():N}.zip");
        var manifest = await export.HandleAsync(roundtableId, path, ct);
        if (manifest is null)
        {
            return new(StatusCodes.Status404NotFound);
        }
        await audit.HandleAsync(user.Id(), null, ExportRoundtableCommand.AuditAction, roundtableId, "downloaded", ct);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return new(StatusCodes.Status200OK, stream, $"roundtable-{roundtableId}-{manifest.ExportedAt:yyyyMMdd}.zip");
    }
}

/// <summary>Where archives wait: an upload until its import is confirmed, an export until it is sent.</summary>
public static class ArchiveUploads
{
    public static string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "roundtable-archives");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Only a name the app made (32 hex digits) names a file; anything else is no upload.</summary>
    public static string? PathOf(string? name) =>
        name is { Length: 32 } && name.All(Uri.IsHexDigit) ? Path.Combine(Folder(), name + ".zip") : null;

    public static void ClearOlderThan(DateTime utc)
    {
        foreach (var old in new DirectoryInfo(Folder()).EnumerateFiles("*.zip").Where(f => f.LastWriteTimeUtc < utc))
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

[ApiController, Route("api/roundtables"), IgnoreAntiforgeryToken]
public sealed class ArchiveApiController(DownloadArchive download) : ControllerBase
{
    /// <summary>The roundtable archive (README, "Roundtable archive"): its organizers and administrators.</summary>
    [Authorize, HttpGet("{roundtableId:long}/archive"), ProducesResponseType(typeof(FileStreamResult), StatusCodes.Status200OK, "application/zip")]
    public async Task<IActionResult> Get(long roundtableId, CancellationToken ct)
    {
        var d = await download.HandleAsync(User, roundtableId, ct);
        return d.File is { } file ? File(file, "application/zip", d.FileName) : StatusCode(d.Status);
    }
}
