using Roundtable.Web.Features.DevMailbox;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Invitations;

public static class InvitationsSetup
{
    /// <summary>The stateless pieces shared by every request and job (the use cases register themselves).</summary>
    public static IServiceCollection AddInvitations(this IServiceCollection services)
    {
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<EmailTemplateStore>();
        services.AddSingleton<RsvpTokens>();
        services.AddSingleton<InvitationComposer>();
        services.AddSingleton<CapturedMail>();
        services.AddTransient<SendRemindersJob>();
        return services;
    }
}
