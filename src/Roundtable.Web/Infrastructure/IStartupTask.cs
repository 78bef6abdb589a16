namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Work a room does once before the app serves, after the migrations, while this node holds the start-up turn
/// (<see cref="Startup.PrepareAsync"/>): e.g. seeding the demo or telling the operator how to create the first account.
/// </summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken ct);
}
