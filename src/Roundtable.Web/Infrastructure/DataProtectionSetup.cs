using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Roundtable.Web.Infrastructure;

public static class DataProtectionSetup
{
    /// <summary>
    /// "Database" (the default on PostgreSQL, where several nodes must share the keys) or "FileSystem" (the default
    /// on SQLite, one node, keys in DataProtection:KeysPath as before).
    /// </summary>
    public static void AddRoundtableDataProtection(this WebApplicationBuilder builder, DatabaseSettings database)
    {
        var config = builder.Configuration.GetSection("DataProtection");
        var store = config["Store"] ?? (database.Kind == DatabaseProvider.Postgres ? "Database" : "FileSystem");
        var dp = builder.Services.AddDataProtection().SetApplicationName("Roundtable");
        if (store.Equals("Database", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<Db>(), sp.GetRequiredService<TimeProvider>())));
            return;
        }
        if (!store.Equals("FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException("DataProtection", typeof(KeyManagementOptions), [$"DataProtection:Store is \"{store}\"; use Database or FileSystem."]);
        }
        dp.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Environment.ContentRootPath, config["KeysPath"] ?? "data/keys")));
    }

    /// <summary>
    /// Makes sure the key ring has a key now, while this node holds the start-up turn: nodes starting together would
    /// otherwise each create a key of their own and, until they reread the ring, refuse each other's cookies and links.
    /// </summary>
    public static void EnsureKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Roundtable.Startup").Protect([1]);
}
