using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The data-protection key ring (what signs cookies, antiforgery tokens, RSVP and report links) kept in the
/// database, so that a link signed on one node is read on every other. The framework writes each key once and
/// never changes it; a key written twice (two nodes racing) keeps the first.
/// </summary>
public sealed class DbXmlRepository(Db db, TimeProvider clock) : IXmlRepository
{
    private const string AllSql = "SELECT xml FROM data_protection_keys ORDER BY id";

    private const string InsertSql = """
        INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @now)
        ON CONFLICT (friendly_name) DO NOTHING
        """;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.Open();
        return conn.Query<string>(AllSql).Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.Open();
        conn.Execute(InsertSql, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = clock.GetUtcNow().UtcDateTime });
    }
}
