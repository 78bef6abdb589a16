namespace Roundtable.Web.Features.Backups;

/// <summary>
/// The scheduled backup (Backup:Schedule) and "Back up now": one archive into Backup:Folder, then only the newest
/// Backup:Keep are kept. Safe to run twice: each run writes a backup of its own.
/// </summary>
public sealed class BackupJob(MakeBackup make, IConfiguration configuration, IHostEnvironment env, ILogger<BackupJob> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var settings = BackupSettings.From(configuration);
        var folder = settings.FolderPath(env);
        var made = await make.HandleAsync(folder, ct);
        log.LogInformation("Backup written: {Path} ({Bytes} bytes, schema {Script})", made.Path, made.Bytes, made.Manifest.LastScript);
        foreach (var old in ListBackups.Files(folder).Skip(settings.Keep))
        {
            File.Delete(old.FullName);
            log.LogInformation("Old backup deleted (Backup:Keep is {Keep}): {Path}", settings.Keep, old.FullName);
        }
    }
}
