namespace Roundtable.Web.Features.Backups;

public static class BackupsSetup
{
    /// <summary>The scheduled backup (Backup:Schedule; off while it is unset, and removed from Hangfire then).</summary>
    public static IServiceCollection AddBackups(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        return builder.Services.AddRecurringJobs(r => BackupSettings.ScheduleBackups(r, configuration));
    }
}
