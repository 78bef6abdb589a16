using Dapper;
using Microsoft.Extensions.Options;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.Demo;

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

    /// <summary>Seeds the demo in Development, or tells the operator how to create the first organizer.</summary>
    private static async Task SeedOrHintAsync(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Roundtable");
        foreach (var warning in app.Services.GetRequiredService<Mail.MailSettings>().Warnings(app.Environment.IsDevelopment()))
        {
            log.LogWarning("{Warning}", warning);
        }
        var demo = app.Configuration.GetSection(DemoSettings.Section).Get<DemoSettings>() ?? new DemoSettings();
        await using var scope = app.Services.CreateAsyncScope();
        if (demo.Seed && app.Environment.IsDevelopment())
        {
            if (demo.Password.Length < 10)
            {
                throw new OptionsValidationException(DemoSettings.Section, typeof(DemoSettings), ["Demo:Password needs at least 10 characters."]);
            }
            var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(demo.Password, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<SeedUpcomingDemo>().HandleAsync(CancellationToken.None);
            log.LogInformation("{Seeded} Demo accounts (password \"{Password}\"): {Accounts}",
                seeded ? "Demo roundtable created." : "Demo data present.", demo.Password, string.Join(", ", SeedDemo.AccountEmails));
            return;
        }
        if (!await scope.ServiceProvider.GetRequiredService<ListAccounts>().AnyAsync(CancellationToken.None))
        {
            log.LogWarning("First run: no account exists. Open /account/setup and enter the setup code {Code} to create the first organizer.",
                app.Services.GetRequiredService<FirstRunSetup>().Code);
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
