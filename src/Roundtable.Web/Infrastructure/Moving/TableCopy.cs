using Microsoft.Data.Sqlite;
using Npgsql;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>Tables from SQLite into PostgreSQL by binary COPY, row by row: memory stays the same whatever the row count.</summary>
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

    private const string ForeignKeysSql = """
        SELECT r.relname AS tablename, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        ORDER BY r.relname, c.conname
        """;

    public sealed class ForeignKey
    {
        public string TableName { get; init; } = "";
        public string Name { get; init; } = "";
        public string Definition { get; init; } = "";
    }

    /// <summary>
    /// The foreign keys are taken off while the rows go in and put back after, as pg_dump's output does: PostgreSQL then
    /// checks each one in a single pass over the table instead of a lookup (and a queued trigger) per row and reference.
    /// Definitions and names come from the catalogue, as the migrations made them.
    /// </summary>
    public static async Task<IReadOnlyList<ForeignKey>> DropForeignKeysAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var keys = (await conn.QueryAsync<ForeignKey>(new CommandDefinition(ForeignKeysSql, transaction: tx, cancellationToken: ct))).AsList();
        foreach (var key in keys)
        {
            await conn.ExecuteAsync(new CommandDefinition($"ALTER TABLE {MovedTable.Quote(key.TableName)} DROP CONSTRAINT {MovedTable.Quote(key.Name)}", transaction: tx, cancellationToken: ct));
        }
        return keys;
    }

    public static async Task RestoreForeignKeysAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<ForeignKey> keys, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            try
            {
                await conn.ExecuteAsync(new CommandDefinition($"ALTER TABLE {MovedTable.Quote(key.TableName)} ADD CONSTRAINT {MovedTable.Quote(key.Name)} {key.Definition}", transaction: tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                throw new CommandException($"The SQLite file has rows of {key.TableName} whose {key.Definition} points at nothing ({e.MessageText}); run PRAGMA foreign_key_check on it. The move was rolled back, the target is empty.");
            }
        }
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
