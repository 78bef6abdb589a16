using Hangfire;

namespace Roundtable.Web.Features.MailOut;

public static class MailOutSetup
{
    /// <summary>The mail-out job's parts shared by requests and jobs (the use cases register themselves); the resume job every minute and at start-up.</summary>
    public static IServiceCollection AddMailOut(this IServiceCollection services)
    {
        services.AddSingleton<RunLedger>();
        services.AddSingleton<ReportMailComposer>();
        services.AddScoped<ReportRecipients>();
        services.AddTransient<MailOutJob>();
        services.AddTransient<ResumeMailOutsJob>();
        services.AddRecurringJobs(r => r.AddOrUpdate<ResumeMailOutsJob>("followup-resume", j => j.RunAsync(CancellationToken.None), Cron.Minutely()));
        services.AddStartupRecovery<ResumeMailOutsJob>();
        return services;
    }
}
