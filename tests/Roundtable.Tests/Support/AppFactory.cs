using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Support;

/// <summary>
/// The real app on a real database of its own, fresh per test class (use it as an IClassFixture): a SQLite file, or
/// with ROUNDTABLE_TEST_DB=postgres a PostgreSQL database (see <see cref="TestDatabase"/>).
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";

    private readonly AppFactory? sameDatabaseAs;

    public AppFactory()
    {
    }

    /// <summary>Another node of the same installation: it uses the database of <paramref name="sameDatabaseAs"/>, which must have started.</summary>
    protected AppFactory(AppFactory sameDatabaseAs) => this.sameDatabaseAs = sameDatabaseAs;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "roundtable-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The PostgreSQL database of this app, when the tests run on PostgreSQL.</summary>
    public string? PostgresConnectionString { get; private set; }

    protected virtual string EnvironmentName => "Testing";

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Folder);
        builder.UseEnvironment(EnvironmentName);
        if (TestDatabase.IsPostgres)
        {
            // A second node shares the first's database; only the one that created it drops it.
            PostgresConnectionString ??= sameDatabaseAs is null ? TestDatabase.CreatePostgres() : null;
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", sameDatabaseAs?.PostgresConnectionString ?? PostgresConnectionString);
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(sameDatabaseAs?.Folder ?? Folder, "roundtable.db")}");
        }
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(Folder, "keys"));
        if (sameDatabaseAs is not null)
        {
            // Hangfire's SQLite file is for one server process: a second node keeps its own, not the one beside the database.
            builder.UseSetting("Jobs:StoragePath", Path.Combine(Folder, "hangfire.db"));
        }
        // Every test request comes from the same (unknown) address; the sign-in limit has tests of its own.
        builder.UseSetting("SignIn:AttemptsPerMinute", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<WebSession> SignInAsync(string email, string password = Password)
    {
        var session = new WebSession(NewClient());
        await session.SignInAsync(email, password);
        return session;
    }

    /// <summary>Runs a feature class from the app's container.</summary>
    public async Task<T> Run<TFeature, T>(Func<TFeature, Task<T>> use) where TFeature : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TFeature>());
    }

    public Db Db => Services.GetRequiredService<Db>();

    /// <summary>Creates an account (and, with a person, links it), or finds the one made by an earlier test of the class; returns the user id.</summary>
    public async Task<long> CreateUserAsync(string email, string role, long? personId = null, string? name = null)
    {
        await using (var conn = await Db.OpenAsync())
        {
            if (await Dapper.SqlMapper.ExecuteScalarAsync<long?>(conn, "SELECT id FROM users WHERE email_normalized = @e", new { e = email.ToUpperInvariant() }) is { } existing)
            {
                return existing;
            }
        }
        var result = await Run<CreateAccount, Result<long>>(c => c.HandleAsync(new AccountForm
        {
            Email = email, DisplayName = name ?? email.Split('@')[0], Role = role, Password = Password, PersonId = personId,
        }, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }

    public override async ValueTask DisposeAsync()
    {
        // Hangfire logs through one static provider, set to the logger factory of whichever test app configured it
        // last. Let go of it before this app's factory is disposed, or the apps still running would log into it.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new SilentHangfireLog());
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (PostgresConnectionString is { } pg)
        {
            TestDatabase.DropPostgres(pg);
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Hangfire's log while no test app owns it.</summary>
public sealed class SilentHangfireLog : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
{
    public Hangfire.Logging.ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
