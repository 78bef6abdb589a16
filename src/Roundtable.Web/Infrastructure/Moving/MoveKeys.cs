using System.Xml;
using System.Xml.Linq;
using Npgsql;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>
/// The data-protection keys of a SQLite installation (the FileSystem store: one key-GUID.xml per key) become rows of
/// <c>data_protection_keys</c>, as <see cref="DbXmlRepository"/> would have stored them: the same friendly name, the
/// same XML. Cookies, antiforgery tokens, RSVP and report links signed on SQLite are then read on PostgreSQL.
/// </summary>
public static class MoveKeys
{
    public sealed record Key(string FriendlyName, string Xml);

    private const string InsertSql = """
        INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @now)
        ON CONFLICT (friendly_name) DO NOTHING
        """;

    public static IReadOnlyList<Key> Read(MoveRequest request)
    {
        if (request.WithoutKeys)
        {
            return [];
        }
        var folder = request.KeysFolder;
        if (folder is null || !Directory.Exists(folder))
        {
            // The installation may keep its keys in the database (DataProtection:Store=Database): they move with the tables.
            return request.KeysFolderGiven ? throw new CommandException($"The keys folder {folder} does not exist.") : [];
        }
        var keys = new List<Key>();
        foreach (var file in Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var element = XElement.Load(file);
                keys.Add(new Key(Path.GetFileNameWithoutExtension(file), element.ToString(SaveOptions.DisableFormatting)));
            }
            catch (XmlException e)
            {
                throw new CommandException($"{file} is not a readable key ({e.Message}). Nothing was moved.");
            }
        }
        return keys;
    }

    public static async Task<int> StoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Key> keys, DateTime now, CancellationToken ct)
    {
        var added = 0;
        foreach (var key in keys)
        {
            added += await conn.ExecuteAsync(new CommandDefinition(InsertSql, new { key.FriendlyName, key.Xml, now }, tx, cancellationToken: ct));
        }
        return added;
    }
}
