using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Npgsql;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The "Jobs" section. On SQLite Hangfire keeps its state in a file of its own (never the app's database), for one
/// server process; on PostgreSQL in its own schema of the app's database, shared by every node.
/// </summary>
public sealed class JobSettings
{
    public const string Section = "Jobs";

    /// <summary>
    /// SQLite only: Hangfire's file. Unset, it lies beside the app's database file (<c>data/roundtable.db</c> gives
    /// <c>data/roundtable.hangfire.db</c>), so instances with databases of their own never share a job store.
    /// </summary>
    public string? StoragePath { get; set; }

    /// <summary>Where Hangfire's SQLite file is, for the app's SQLite file <paramref name="databaseFile"/> (a full path).</summary>
    public string SqlitePath(string databaseFile, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(StoragePath))
        {
            return Path.IsPathRooted(StoragePath) ? StoragePath : Path.Combine(contentRoot, StoragePath);
        }
        if (databaseFile == ":memory:" || string.IsNullOrEmpty(databaseFile))
        {
            return Path.Combine(contentRoot, "data", "hangfire.db");
        }
        return Path.Combine(Path.GetDirectoryName(databaseFile) ?? contentRoot, Path.GetFileNameWithoutExtension(databaseFile) + ".hangfire.db");
    }

    /// <summary>PostgreSQL only: the schema Hangfire.PostgreSql creates its tables in.</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>Whether this process runs jobs (on SQLite, one server process per file; on PostgreSQL, every node may).</summary>
    public bool Server { get; set; } = true;

    public int WorkerCount { get; set; } = 4;
}

public static class Jobs
{
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JobSettings.Section).Get<JobSettings>() ?? new JobSettings();
        var services = builder.Services;
        services.AddSingleton(settings);
        // Registered before AddHangfire so this app's storage and activator win over Hangfire's static defaults
        // (several apps in one test process must not share them).
        services.AddSingleton<JobStorage>(sp =>
        {
            var db = sp.GetRequiredService<Db>();
            return db.IsPostgres ? PostgresStorage(db, settings) : SqliteStorage(db, builder.Environment, settings);
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (settings.Server)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = settings.WorkerCount;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                o.ServerCheckInterval = TimeSpan.FromMinutes(1);
            });
        }
    }

    private static SQLiteStorage SqliteStorage(Db db, IHostEnvironment env, JobSettings settings)
    {
        var path = settings.SqlitePath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.ConnectionString).DataSource, env.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            // The default 15 s poll makes every enqueued job wait; SQLite has no push notification.
            QueuePollInterval = TimeSpan.FromSeconds(1),
        });
    }

    private static PostgreSqlStorageOptions PostgresOptions(JobSettings settings) => new()
    {
        SchemaName = settings.Schema,
        // The schema is installed by PrepareStorage while this node holds the start-up turn.
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = TimeSpan.FromSeconds(1),
        // A running job keeps its claim alive, so the timeout only says how soon the job of a killed node runs again.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };

    private static PostgreSqlStorage PostgresStorage(Db db, JobSettings settings)
    {
        var options = PostgresOptions(settings);
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(db.ConnectionString, options), options);
    }

    /// <summary>Installs or upgrades Hangfire.PostgreSql's schema (nothing to do on SQLite, whose storage makes its own file).</summary>
    public static void PrepareStorage(IServiceProvider services)
    {
        var db = services.GetRequiredService<Db>();
        if (!db.IsPostgres)
        {
            return;
        }
        using var conn = (NpgsqlConnection)db.Open();
        PostgreSqlObjectsInstaller.Install(conn, services.GetRequiredService<JobSettings>().Schema);
    }

    /// <summary>A room's recurring jobs, registered with Hangfire at start-up (in the order the rooms were added).</summary>
    public static IServiceCollection AddRecurringJobs(this IServiceCollection services, Action<IRecurringJobManager> schedule) =>
        services.AddSingleton<IRecurringJobs>(new RecurringJobs(schedule));

    /// <summary>A job whose <see cref="IStartupRecovery.RecoverAfterRestartAsync"/> runs at start-up on a job server.</summary>
    public static IServiceCollection AddStartupRecovery<TJob>(this IServiceCollection services) where TJob : class, IStartupRecovery =>
        services.AddTransient<IStartupRecovery>(sp => sp.GetRequiredService<TJob>());

    /// <summary>Registers the rooms' recurring jobs and takes back what a stopped process left half-done.</summary>
    public static async Task StartJobsAsync(this WebApplication app)
    {
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        foreach (var jobs in app.Services.GetServices<IRecurringJobs>())
        {
            jobs.Schedule(recurring);
        }
        if (app.Services.GetRequiredService<JobSettings>().Server)
        {
            var sqlite = !app.Services.GetRequiredService<Db>().IsPostgres;
            await using var scope = app.Services.CreateAsyncScope();
            foreach (var recovery in scope.ServiceProvider.GetServices<IStartupRecovery>())
            {
                await recovery.RecoverAfterRestartAsync(singleProcess: sqlite, CancellationToken.None);
            }
        }
    }

    private sealed class RecurringJobs(Action<IRecurringJobManager> schedule) : IRecurringJobs
    {
        public void Schedule(IRecurringJobManager recurring) => schedule(recurring);
    }

    /// <summary>
    /// The Hangfire dashboard shows and retries the jobs of every roundtable, so it is for administrators only: the
    /// endpoint policy answers first, the filter again. Organizers follow their own mailings on the roundtable's pages.
    /// </summary>
    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorOnly()],
            AppPath = "/roundtables",
            DashboardTitle = "Roundtable · background jobs",
        }).RequireAuthorization(Policies.Administrator);

    public sealed class AdministratorOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsAdministrator();
    }
}
