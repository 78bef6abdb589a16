using System.Data;
using System.Globalization;

namespace Roundtable.Web.Infrastructure;

public static class DapperSetup
{
    private static int done;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref done, 1) == 1)
        {
            return;
        }
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
    }

    /// <summary>
    /// Times are stored in UTC: as text on SQLite, which hands them back without a kind; as timestamptz on PostgreSQL,
    /// which Npgsql writes only from a UTC DateTime (DbType.DateTime maps to timestamptz) and reads back as UTC.
    /// </summary>
    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            parameter.DbType = DbType.DateTime;
            parameter.Value = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        }

        public override DateTime Parse(object value) => value switch
        {
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            string s => DateTime.SpecifyKind(DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc),
            _ => throw new DataException($"Cannot read {value.GetType()} as a time."),
        };
    }
}
