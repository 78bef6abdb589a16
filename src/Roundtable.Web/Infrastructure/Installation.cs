namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The random id of this installation, drawn once when its database was created (migration 0060) and read once per
/// process. It is what tells this installation's Message-IDs apart from another's built from the same row ids.
/// </summary>
public sealed class Installation(Db db)
{
    private const string Sql = "SELECT installation_id FROM installation WHERE id = 1";

    private readonly Lazy<string> id = new(() =>
    {
        using var conn = db.Open();
        return conn.ExecuteScalar<string>(Sql) ?? throw new InvalidOperationException("The installation table has no row; the migrations did not run.");
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Id => id.Value;
}
