namespace Roundtable.Web.Infrastructure;

/// <summary>
/// A job that takes back, at start-up, what a stopped process left half-done (rows claimed, runs leased). A room adds
/// it with <see cref="Jobs.AddStartupRecovery{TJob}"/>; <see cref="Jobs.StartJobsAsync"/> runs each on a job server.
/// </summary>
public interface IStartupRecovery
{
    /// <param name="singleProcess">True on SQLite, where one server process owns the database: nobody else can be working.</param>
    Task RecoverAfterRestartAsync(bool singleProcess, CancellationToken ct);
}
