using Hangfire;
using Microsoft.Extensions.Options;

namespace Roundtable.Web.Features.Backups;

/// <summary>The "Backup" section: the folder backups go to, the schedule (off while unset) and how many are kept.</summary>
public sealed class BackupSettings
{
    public const string Section = "Backup";

    public const string RecurringJobId = "backup";

    /// <summary>A cron expression in UTC ("0 2 * * *" is every night at 02:00); no scheduled backups while unset.</summary>
    public string? Schedule { get; set; }

    /// <summary>Where the scheduled job and "Back up now" write; relative to the content root. Best on another disk.</summary>
    public string Folder { get; set; } = "backups";

    /// <summary>How many backups the scheduled job keeps in <see cref="Folder"/> (the newest); older ones are deleted.</summary>
    public int Keep { get; set; } = 7;

    public string FolderPath(IHostEnvironment env) => Path.IsPathRooted(Folder) ? Folder : Path.Combine(env.ContentRootPath, Folder);

    public static BackupSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<BackupSettings>() ?? new BackupSettings();
        if (settings.Keep < 1)
        {
            throw new OptionsValidationException(Section, typeof(BackupSettings), [$"Backup:Keep is {settings.Keep}; keep at least 1."]);
        }
        return settings;
    }

    /// <summary>Backs up on <see cref="Schedule"/> while it is set; the job is removed when it no longer is.</summary>
    public static void ScheduleBackups(IRecurringJobManager recurring, IConfiguration configuration)
    {
        var settings = From(configuration);
        if (string.IsNullOrWhiteSpace(settings.Schedule))
        {
            recurring.RemoveIfExists(RecurringJobId);
            return;
        }
        try
        {
            recurring.AddOrUpdate<BackupJob>(RecurringJobId, j => j.RunAsync(CancellationToken.None), settings.Schedule.Trim());
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(Section, typeof(BackupSettings), [$"Backup:Schedule \"{settings.Schedule}\" is not a cron expression ({e.Message}); use e.g. \"0 2 * * *\" for 02:00 UTC every day."]);
        }
    }
}
