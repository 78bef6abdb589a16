namespace Roundtable.Tests.Support;

/// <summary>
/// A test that only means something on PostgreSQL (several nodes on one database, the dialect scripts against the
/// SQLite ones). Run with ROUNDTABLE_TEST_DB=postgres; a local SQLite run skips it with the reason. On CI (CI=true) it
/// never skips: .ci/run leaves it out of the SQLite pass with --filter "Category!=Postgres", and should it ever run
/// without PostgreSQL there, it fails.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Category = "Postgres";

    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Needs PostgreSQL: run with ROUNDTABLE_TEST_DB=postgres (see README, \"PostgreSQL and several nodes\").";
        }
    }

    /// <summary>The first line of such a test: on CI without PostgreSQL it fails here instead of passing vacuously.</summary>
    public static void RequirePostgres() =>
        Assert.True(TestDatabase.IsPostgres, "This test needs PostgreSQL (ROUNDTABLE_TEST_DB=postgres); on CI it must run in the PostgreSQL pass, not be skipped.");
}
