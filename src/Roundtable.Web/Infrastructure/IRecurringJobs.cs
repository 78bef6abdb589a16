using Hangfire;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// A room's recurring jobs (e.g. the outbox sweep every minute). A room adds them with
/// <see cref="Jobs.AddRecurringJobs"/> in its <c>Add…()</c>; <see cref="Jobs.StartJobsAsync"/> registers them all at start-up.
/// </summary>
public interface IRecurringJobs
{
    void Schedule(IRecurringJobManager recurring);
}
