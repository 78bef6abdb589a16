namespace Roundtable.Tests.Support;

/// <summary>
/// A test that only means something on PostgreSQL (several nodes on one database, the dialect scripts against the
/// SQLite ones). Run with ROUNDTABLE_TEST_DB=postgres; a SQLite run lists it as skipped with the reason. CI never
/// leaves it unrun: .ci/run's second pass runs the whole suite on PostgreSQL.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Category = "Postgres";

    public PostgresFactAttribute()
    {
        // On SQLite these are listed as skipped; .ci/run's second pass runs the whole suite on PostgreSQL, where they run.
        if (!TestDatabase.IsPostgres)
        {
            Skip = "Needs PostgreSQL: run with ROUNDTABLE_TEST_DB=postgres (see README, \"PostgreSQL and several nodes\").";
        }
    }

    /// <summary>The first line of such a test: on CI without PostgreSQL it fails here instead of passing vacuously.</summary>
    public static void RequirePostgres() =>
        Assert.True(TestDatabase.IsPostgres, "This test needs PostgreSQL (ROUNDTABLE_TEST_DB=postgres); on CI it must run in the PostgreSQL pass, not be skipped.");
}
