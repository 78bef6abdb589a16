namespace Roundtable.Web.Infrastructure;

public static class Startup
{
    /// <summary>
    /// Everything a node does once before it serves: migrations, Hangfire's schema, the first data-protection key,
    /// and the demo (Development) or the first-run hint. On PostgreSQL nodes starting together take turns, so each
    /// of these is done by one of them and found done by the others.
    /// </summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Db>();
        await using (await StartupTurn.TakeAsync(db))
        {
            Migrations.Apply(db);
            Jobs.PrepareStorage(app.Services);
            DataProtectionSetup.EnsureKey(app.Services);
            await SeedOrHintAsync(app);
        }
    }

    /// <summary>Warns about the mail settings, then runs the rooms' start-up tasks (the demo, or the first-run hint).</summary>
    private static async Task SeedOrHintAsync(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Roundtable");
        foreach (var warning in app.Services.GetRequiredService<Mail.MailSettings>().Warnings(app.Environment.IsDevelopment()))
        {
            log.LogWarning("{Warning}", warning);
        }
        foreach (var task in app.Services.GetServices<IStartupTask>())
        {
            await task.RunAsync(CancellationToken.None);
        }
    }
}

/// <summary>
/// A PostgreSQL session-level advisory lock held while a node prepares the database; the others wait for it.
/// SQLite has one node, so there is nobody to wait for.
/// </summary>
public sealed class StartupTurn : IAsyncDisposable
{
    // Any constant that no other application on the database uses for an advisory lock.
    private const long Key = 0x526f756e64_7431; // "Round" "t1"

    private readonly System.Data.Common.DbConnection? conn;

    private StartupTurn(System.Data.Common.DbConnection? conn) => this.conn = conn;

    public static async Task<StartupTurn> TakeAsync(Db db)
    {
        if (!db.IsPostgres)
        {
            return new StartupTurn(null);
        }
        var conn = await db.OpenAsync();
        // Waiting for a node that runs long migrations is fine; the command must not time out meanwhile.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key }, commandTimeout: 0));
        return new StartupTurn(conn);
    }

    public async ValueTask DisposeAsync()
    {
        if (conn is null)
        {
            return;
        }
        // A pooled connection outlives Close, and so would a session lock: release it explicitly.
        await conn.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key });
        await conn.DisposeAsync();
    }
}
