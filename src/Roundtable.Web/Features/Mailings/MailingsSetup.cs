using Hangfire;

namespace Roundtable.Web.Features.Mailings;

public static class MailingsSetup
{
    /// <summary>The outbox and its jobs: delivery, the sweep every minute, and taking back claims at start-up.</summary>
    public static IServiceCollection AddMailings(this IServiceCollection services)
    {
        services.AddSingleton<Outbox>();
        services.AddSingleton<OutboxClaims>();
        services.AddSingleton<MessageBuilder>();
        services.AddTransient<DeliverMailingJob>();
        services.AddTransient<SweepOutboxJob>();
        services.AddRecurringJobs(r => r.AddOrUpdate<SweepOutboxJob>("outbox-sweep", j => j.RunAsync(CancellationToken.None), Cron.Minutely()));
        services.AddStartupRecovery<SweepOutboxJob>();
        return services;
    }
}
