namespace Roundtable.Web.Features.FollowUp;

public static class FollowUpSetup
{
    /// <summary>The follow-up job's parts shared by requests and jobs (the use cases register themselves).</summary>
    public static IServiceCollection AddFollowUps(this IServiceCollection services)
    {
        services.AddSingleton<RunLedger>();
        services.AddSingleton<ReportMailComposer>();
        services.AddScoped<ReportRecipients>();
        services.AddTransient<FollowUpJob>();
        services.AddTransient<ResumeFollowUpsJob>();
        return services;
    }
}
