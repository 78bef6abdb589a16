using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>One table from SQLite into PostgreSQL by binary COPY, row by row: memory stays the same whatever the row count.</summary>
public static class TableCopy
{
    /// <summary>Copies the table and returns the source's row count and checksum, taken over the very values written.</summary>
    public static async Task<(long Rows, string Checksum)> CopyAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target, MovedTable table, CancellationToken ct)
    {
        using var sum = new TableChecksum();
        await using var read = source.CreateCommand();
        read.Transaction = snapshot;
        read.CommandText = table.SelectFromSqlite;
        await using var reader = await read.ExecuteReaderAsync(ct);
        var values = new object?[table.Columns.Count];
        try
        {
            // The import joins the connection's transaction (DbUp's), like every other command on it.
            await using var writer = await target.BeginBinaryImportAsync(table.CopyCommand, ct);
            while (await reader.ReadAsync(ct))
            {
                TableChecksum.Converted(reader, table, values);
                sum.AddRow(table.Columns, values);
                await writer.StartRowAsync(ct);
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is { } value)
                    {
                        await writer.WriteAsync(value, table.Columns[i].Type, ct);
                    }
                    else
                    {
                        await writer.WriteNullAsync(ct);
                    }
                }
            }
            await writer.CompleteAsync(ct);
        }
        catch (PostgresException e)
        {
            throw new CommandException($"PostgreSQL refused the rows of {table.Name}: {e.MessageText}{(e.Detail is { Length: > 0 } d ? " (" + d + ")" : "")}. The move was rolled back, the target is empty.");
        }
        return (sum.Rows, sum.Hex());
    }

    private const string IdentityColumnsSql = """
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
        ORDER BY table_name
        """;

    /// <summary>
    /// Ids were copied as they were, so every identity (or serial) sequence is set to give the next id after the
    /// largest one: the next person, statement or edition added on PostgreSQL continues the numbering.
    /// </summary>
    public static async Task ResetSequencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        foreach (var (table, column) in await conn.QueryAsync<(string, string)>(new CommandDefinition(IdentityColumnsSql, transaction: tx, cancellationToken: ct)))
        {
            // Names from the catalogue, quoted; the sequence is found by pg_get_serial_sequence, given as parameters.
            var sql = $"SELECT setval(pg_get_serial_sequence(@qualified, @column), COALESCE((SELECT MAX({MovedTable.Quote(column)}) FROM {MovedTable.Quote(table)}), 0) + 1, false)";
            await conn.ExecuteAsync(new CommandDefinition(sql, new { qualified = "public." + MovedTable.Quote(table), column }, tx, cancellationToken: ct));
        }
    }
}
