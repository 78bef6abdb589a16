namespace Roundtable.Web.Infrastructure;

public static class DatabaseSetup
{
    /// <summary>
    /// The "Database" section: the connection (<see cref="Db"/>, SQLite or PostgreSQL), Dapper's mapping, the
    /// installation's identity, the clock, and the data-protection keys (in the database on PostgreSQL).
    /// </summary>
    public static DatabaseSettings AddDatabase(this WebApplicationBuilder builder)
    {
        DapperSetup.Configure();
        var settings = builder.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<Db>();
        services.AddSqlStatementCount(settings);
        services.AddSingleton<Installation>();
        services.AddSingleton(TimeProvider.System);
        builder.AddRoundtableDataProtection(settings);
        return settings;
    }
}
