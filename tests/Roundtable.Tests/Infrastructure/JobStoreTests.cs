using Roundtable.Tests.Support;

namespace Roundtable.Tests.Infrastructure;

/// <summary>Without Jobs:StoragePath, Hangfire's SQLite file lies beside the app's database, so two instances never share one.</summary>
public sealed class JobStoreTests
{
    [Fact]
    public async Task Two_instances_with_databases_of_their_own_keep_their_job_stores_beside_them()
    {
        if (TestDatabase.IsPostgres)
        {
            return; // On PostgreSQL Hangfire lives in a schema of the app's database.
        }
        await using var first = new AppFactory();
        await using var second = new AppFactory();
        _ = first.Services;
        _ = second.Services;
        Assert.True(File.Exists(Path.Combine(first.Folder, "roundtable.hangfire.db")));
        Assert.True(File.Exists(Path.Combine(second.Folder, "roundtable.hangfire.db")));
    }
}
