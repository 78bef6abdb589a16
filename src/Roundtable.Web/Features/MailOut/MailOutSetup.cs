using Hangfire;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.FollowUp;

public static class FollowUpSetup
{
    /// <summary>The follow-up job's parts shared by requests and jobs (the use cases register themselves); the resume job every minute and at start-up.</summary>
    public static IServiceCollection AddFollowUps(this IServiceCollection services)
    {
        services.AddSingleton<RunLedger>();
        services.AddSingleton<ReportMailComposer>();
        services.AddScoped<ReportRecipients>();
        services.AddTransient<FollowUpJob>();
        services.AddTransient<ResumeFollowUpsJob>();
        services.AddRecurringJobs(r => r.AddOrUpdate<ResumeFollowUpsJob>("followup-resume", j => j.RunAsync(CancellationToken.None), Cron.Minutely()));
        services.AddStartupRecovery<ResumeFollowUpsJob>();
        return services;
    }
}
