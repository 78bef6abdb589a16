using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>
/// One app table as both databases have it: its columns with their PostgreSQL types (the migrations made them), and
/// the order that both sides read it in for the checksum (the SQLite primary key, text compared byte by byte).
/// Table and column names come from the two schemas, never from input, and are quoted.
/// </summary>
public sealed class MovedTable(string name, IReadOnlyList<MovedColumn> columns, IReadOnlyList<string> orderBy)
{
    public string Name { get; } = name;

    public IReadOnlyList<MovedColumn> Columns { get; } = columns;

    public string SelectFromSqlite =>
        $"SELECT {string.Join(", ", Columns.Select(c => Quote(c.Name)))} FROM {Quote(Name)} ORDER BY {string.Join(", ", orderBy.Select(Quote))}";

    // Collation "C" compares text by its bytes, as SQLite's BINARY does, so both sides read the rows in one order.
    public string SelectFromPostgres =>
        $"SELECT {string.Join(", ", Columns.Select(c => Quote(c.Name)))} FROM {Quote(Name)} ORDER BY " +
        string.Join(", ", orderBy.Select(o => Columns.Single(c => c.Name == o).Type == NpgsqlDbType.Text ? Quote(o) + " COLLATE \"C\"" : Quote(o)));

    public string CopyCommand =>
        $"COPY {Quote(Name)} ({string.Join(", ", Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A column and how a SQLite value becomes the value PostgreSQL's column holds.</summary>
public sealed class MovedColumn(string name, NpgsqlDbType type)
{
    public string Name { get; } = name;

    public NpgsqlDbType Type { get; } = type;

    public static NpgsqlDbType TypeOf(string postgresType) => postgresType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "boolean" => NpgsqlDbType.Boolean,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "text" or "character varying" => NpgsqlDbType.Text,
        "bytea" => NpgsqlDbType.Bytea,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "numeric" => NpgsqlDbType.Numeric,
        _ => throw new CommandException($"The PostgreSQL schema has a column of type {postgresType}, which the move does not know how to fill."),
    };

    /// <summary>
    /// SQLite hands back Int64, Double, TEXT or a blob whatever the column was declared as: flags are 0/1, times are
    /// text in UTC (as DapperSetup writes and reads them). Times keep microseconds, all PostgreSQL keeps.
    /// </summary>
    public object? Convert(object value) => value switch
    {
        DBNull => null,
        _ => Type switch
        {
            NpgsqlDbType.Bigint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            NpgsqlDbType.Integer => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
            NpgsqlDbType.Smallint => System.Convert.ToInt16(value, CultureInfo.InvariantCulture),
            NpgsqlDbType.Boolean => value switch
            {
                long l => l != 0,
                string s => s is "1" or "true" or "TRUE" || (s is "0" or "false" or "FALSE" ? false : throw new FormatException($"\"{s}\" is not a flag")),
                _ => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            },
            NpgsqlDbType.TimestampTz => Microseconds(value switch
            {
                string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                DateTime d => d,
                _ => throw new FormatException($"{value} ({value.GetType().Name}) is not a time"),
            }),
            NpgsqlDbType.Text => value switch
            {
                string s => s,
                byte[] b => Encoding.UTF8.GetString(b),
                _ => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
            },
            NpgsqlDbType.Bytea => value switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                _ => throw new FormatException($"{value} is not a blob"),
            },
            NpgsqlDbType.Double => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            NpgsqlDbType.Real => System.Convert.ToSingle(value, CultureInfo.InvariantCulture),
            NpgsqlDbType.Numeric => System.Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException(Type.ToString()),
        },
    };

    private static DateTime Microseconds(DateTime d)
    {
        var utc = DateTime.SpecifyKind(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d, DateTimeKind.Utc);
        return utc.AddTicks(-(utc.Ticks % 10));
    }
}

/// <summary>
/// A table's checksum: SHA-256 over its rows in key order, each value written the same way whichever database it
/// came from (a type tag, then the length and the UTF-8 text of its invariant form; null has its own tag).
/// </summary>
public sealed class TableChecksum : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] length = new byte[4];

    public long Rows { get; private set; }

    public void AddRow(IReadOnlyList<MovedColumn> columns, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Add(values[i]);
        }
        Rows++;
    }

    private void Add(object? value)
    {
        if (value is null or DBNull)
        {
            hash.AppendData("N"u8);
            return;
        }
        var text = value switch
        {
            bool b => b ? "t" : "f",
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            byte[] bytes => System.Convert.ToBase64String(bytes),
            double x => x.ToString("R", CultureInfo.InvariantCulture),
            float x => x.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        hash.AppendData("V"u8);
        var bytesOfText = Encoding.UTF8.GetBytes(text);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytesOfText.Length);
        hash.AppendData(length);
        hash.AppendData(bytesOfText);
    }

    public string Hex() => System.Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();

    /// <summary>Reads the moved table back from PostgreSQL (inside the move's transaction) and sums it up.</summary>
    public static async Task<(long Rows, string Hex)> OfPostgresAsync(NpgsqlConnection conn, NpgsqlTransaction tx, MovedTable table, CancellationToken ct)
    {
        using var sum = new TableChecksum();
        await using var cmd = new NpgsqlCommand(table.SelectFromPostgres, conn, tx) { CommandTimeout = 0 };
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        var values = new object?[table.Columns.Count];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            }
            sum.AddRow(table.Columns, values);
        }
        return (sum.Rows, sum.Hex());
    }

    /// <summary>Reads a SQLite row's values converted for PostgreSQL (the values the copy writes).</summary>
    public static object?[] Converted(SqliteDataReader reader, MovedTable table, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var column = table.Columns[i];
            var raw = reader.GetValue(i);
            try
            {
                values[i] = column.Convert(raw);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new CommandException($"{table.Name}.{column.Name} holds {raw} ({raw.GetType().Name}), which is not a {column.Type} ({e.Message}). Nothing was moved.");
            }
        }
        return values;
    }
}
