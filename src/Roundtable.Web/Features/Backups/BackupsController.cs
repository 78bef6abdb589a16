using Hangfire;

namespace Roundtable.Web.Features.Backups;

/// <summary>Administrators: the backups in Backup:Folder, "Back up now", and downloads.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class BackupsController(ListBackups list, IBackgroundJobClient jobs) : Controller
{
    [HttpGet("admin/backups")]
    public async Task<IActionResult> Index(bool started, CancellationToken ct)
    {
        ViewData["Started"] = started;
        return View(await list.HandleAsync(ct));
    }

    [HttpPost("admin/backups")]
    public IActionResult BackUpNow()
    {
        jobs.Enqueue<BackupJob>(j => j.RunAsync(CancellationToken.None));
        return Redirect("/admin/backups?started=true");
    }

    [HttpGet("admin/backups/{name}")]
    public IActionResult Download(string name) =>
        list.PathOf(name) is { } path
            ? PhysicalFile(path, "application/zip", name, enableRangeProcessing: true)
            : NotFound();
}
