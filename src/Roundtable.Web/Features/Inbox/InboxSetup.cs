using Hangfire;
using Microsoft.Extensions.Options;

namespace Roundtable.Web.Features.Inbox;

public static class InboxSetup
{
    public const string RecurringJobId = "inbox-read";

    /// <summary>The reply mailbox (Mail:Inbox): off, and nothing started, while its host is unset.</summary>
    public static void AddInbox(this WebApplicationBuilder builder, MailSettings mail)
    {
        var settings = mail.Inbox;
        var problems = settings.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(InboxSettings.Section, typeof(InboxSettings), problems);
        }
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ReportMailDecline>();
        builder.Services.AddTransient<ReadInboxJob>();
        builder.Services.AddSingleton<ReadInboxJob.Gate>();
        builder.Services.AddRecurringJobs(r => ScheduleInbox(r, settings));
        var jobs = builder.Configuration.GetSection(JobSettings.Section).Get<JobSettings>() ?? new JobSettings();
        if (settings.Enabled && jobs.Server)
        {
            builder.Services.AddHostedService<InboxWatcher>();
        }
    }

    /// <summary>Reads the mailbox every minute while it is configured; the job is removed when it no longer is.</summary>
    public static void ScheduleInbox(IRecurringJobManager recurring, InboxSettings settings)
    {
        if (settings.Enabled)
        {
            recurring.AddOrUpdate<ReadInboxJob>(RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        }
        else
        {
            recurring.RemoveIfExists(RecurringJobId);
        }
    }
}
