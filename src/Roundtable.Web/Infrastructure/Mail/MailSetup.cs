using Microsoft.Extensions.Options;

namespace Roundtable.Web.Infrastructure.Mail;

public static class MailSetup
{
    /// <summary>
    /// Reads the "Mail" section and registers the SMTP transport (the outbox and its jobs are the Mailings room's). In Development (and only there) the loopback catcher can stand in for the relay;
    /// elsewhere the configured relay is used and the catcher never starts.
    /// </summary>
    public static MailSettings AddMail(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(MailSettings.Section).Get<MailSettings>() ?? new MailSettings();
        settings.DevCatcher &= builder.Environment.IsDevelopment();
        if (settings.DevCatcher)
        {
            settings.Host = "127.0.0.1";
            settings.Port = settings.DevCatcherPort;
            settings.Security = "None";
            settings.UserName = null;
            builder.Services.AddHostedService<DevMailCatcher>();
        }
        var problems = settings.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(MailSettings.Section, typeof(MailSettings), problems);
        }
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<IMailTransport, SmtpMailSender>();
        return settings;
    }
}
