using Hangfire;
using Roundtable.Web.Features.DevMailbox;
using Roundtable.Web.Features.EmailTemplates;

namespace Roundtable.Web.Features.Invitations;

public static class InvitationsSetup
{
    /// <summary>The stateless pieces shared by every request and job (the use cases register themselves), and the reminders every 15 minutes.</summary>
    public static IServiceCollection AddInvitations(this IServiceCollection services)
    {
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<EmailTemplateStore>();
        services.AddSingleton<RsvpTokens>();
        services.AddSingleton<InvitationComposer>();
        services.AddSingleton<CapturedMail>();
        services.AddTransient<SendRemindersJob>();
        services.AddRecurringJobs(r => r.AddOrUpdate<SendRemindersJob>("invitation-reminders", j => j.RunAsync(CancellationToken.None), "*/15 * * * *"));
        return services;
    }
}
