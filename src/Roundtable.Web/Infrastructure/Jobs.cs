using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;
using Roundtable.Web.Features.FollowUp;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Mailings;

namespace Roundtable.Web.Infrastructure;

/// <summary>The "Jobs" section: where Hangfire keeps its own state (a file of its own, never the app's database).</summary>
public sealed class JobSettings
{
    public const string Section = "Jobs";

    public string StoragePath { get; set; } = "data/hangfire.db";

    /// <summary>Whether this process runs jobs (one server process per SQLite file).</summary>
    public bool Server { get; set; } = true;

    public int WorkerCount { get; set; } = 4;
}

public static class Jobs
{
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JobSettings.Section).Get<JobSettings>() ?? new JobSettings();
        var path = Path.IsPathRooted(settings.StoragePath) ? settings.StoragePath : Path.Combine(builder.Environment.ContentRootPath, settings.StoragePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var services = builder.Services;
        services.AddSingleton(settings);
        // Registered before AddHangfire so this app's storage and activator win over Hangfire's static defaults
        // (several apps in one test process must not share them).
        services.AddSingleton<JobStorage>(_ => new SQLiteStorage(path, new SQLiteStorageOptions
        {
            // The default 15 s poll makes every enqueued job wait; SQLite has no push notification.
            QueuePollInterval = TimeSpan.FromSeconds(1),
        }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (settings.Server)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = settings.WorkerCount;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                o.ServerCheckInterval = TimeSpan.FromMinutes(1);
            });
        }
    }

    /// <summary>Registers the recurring jobs and takes back what a stopped process left half-sent.</summary>
    public static async Task StartJobsAsync(this WebApplication app)
    {
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<SweepOutboxJob>("outbox-sweep", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<SendRemindersJob>("invitation-reminders", j => j.RunAsync(CancellationToken.None), "*/15 * * * *");
        recurring.AddOrUpdate<ResumeFollowUpsJob>("followup-resume", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        if (app.Services.GetRequiredService<JobSettings>().Server)
        {
            var sqlite = app.Services.GetRequiredService<DatabaseSettings>().Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SweepOutboxJob>().RecoverAfterRestartAsync(singleProcess: sqlite, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<ResumeFollowUpsJob>().RecoverAfterRestartAsync(singleProcess: sqlite, CancellationToken.None);
        }
    }

    /// <summary>The Hangfire dashboard, for organizers only: the endpoint policy answers first, the filter again.</summary>
    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new OrganizerOnly()],
            AppPath = "/roundtables",
            DashboardTitle = "Roundtable · background jobs",
        }).RequireAuthorization(Policies.Organizer);

    public sealed class OrganizerOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsOrganizer();
    }
}
