using Microsoft.Data.Sqlite;
using Npgsql;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary>
/// What the move copies, read from the two schemas rather than listed by hand: every table of the SQLite file but
/// DbUp's journal, in an order where each table comes after the tables its foreign keys point to, with the columns and
/// types the PostgreSQL migrations gave it.
/// </summary>
public static class MoveSchema
{
    public const string Journal = "schemaversions";

    private const string SqliteTablesSql = """
        SELECT name FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND LOWER(name) <> 'schemaversions'
        ORDER BY name
        """;

    private const string SqliteParentsSql = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@table)";

    private const string SqliteColumnsSql = "SELECT name, pk FROM pragma_table_info(@table) ORDER BY cid";

    private const string PostgresTablesSql = """
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schemaversions'
        """;

    private const string PostgresColumnsSql = """
        SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = @table ORDER BY ordinal_position
        """;

    private sealed class SqliteColumn
    {
        public string Name { get; init; } = "";
        public long Pk { get; init; }
    }

    public static async Task<IReadOnlyList<MovedTable>> ReadAsync(SqliteConnection source, NpgsqlConnection target, NpgsqlTransaction tx, CancellationToken ct)
    {
        var sqliteTables = (await source.QueryAsync<string>(new CommandDefinition(SqliteTablesSql, cancellationToken: ct))).AsList();
        var postgresTables = (await target.QueryAsync<string>(new CommandDefinition(PostgresTablesSql, transaction: tx, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var onlySqlite = sqliteTables.Where(t => !postgresTables.Contains(t)).ToList();
        var onlyPostgres = postgresTables.Where(t => !sqliteTables.Contains(t)).Order(StringComparer.Ordinal).ToList();
        if (onlySqlite.Count > 0 || onlyPostgres.Count > 0)
        {
            throw new CommandException("The two schemas do not have the same tables" +
                (onlySqlite.Count > 0 ? $"; only the SQLite file has {string.Join(", ", onlySqlite)}" : "") +
                (onlyPostgres.Count > 0 ? $"; only PostgreSQL has {string.Join(", ", onlyPostgres)}" : "") + ". Nothing was moved.");
        }

        var parents = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var tables = new Dictionary<string, MovedTable>(StringComparer.Ordinal);
        foreach (var name in sqliteTables)
        {
            parents[name] = (await source.QueryAsync<string>(new CommandDefinition(SqliteParentsSql, new { table = name }, cancellationToken: ct)))
                .Where(p => !p.Equals(name, StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.Ordinal);
            var sqliteColumns = (await source.QueryAsync<SqliteColumn>(new CommandDefinition(SqliteColumnsSql, new { table = name }, cancellationToken: ct))).AsList();
            var pgColumns = (await target.QueryAsync<(string Name, string Type)>(new CommandDefinition(PostgresColumnsSql, new { table = name }, tx, cancellationToken: ct))).AsList();
            var missing = sqliteColumns.Select(c => c.Name).Except(pgColumns.Select(c => c.Name)).Concat(pgColumns.Select(c => c.Name).Except(sqliteColumns.Select(c => c.Name))).ToList();
            if (missing.Count > 0)
            {
                throw new CommandException($"The table {name} does not have the same columns in both schemas ({string.Join(", ", missing)}). Nothing was moved.");
            }
            var key = sqliteColumns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            tables[name] = new MovedTable(name,
                [.. pgColumns.Select(c => new MovedColumn(c.Name, MovedColumn.TypeOf(c.Type)))],
                key.Count > 0 ? key : [.. pgColumns.Select(c => c.Name)]);
        }
        return [.. InForeignKeyOrder(parents).Select(t => tables[t])];
    }

    /// <summary>Parents before children (a table's references to itself are checked by PostgreSQL at the end of its COPY).</summary>
    public static IEnumerable<string> InForeignKeyOrder(IReadOnlyDictionary<string, HashSet<string>> parents)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var left = parents.Keys.Order(StringComparer.Ordinal).ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(t => parents[t].All(p => done.Contains(p) || !parents.ContainsKey(p))).ToList();
            if (ready.Count == 0)
            {
                throw new CommandException($"The foreign keys of {string.Join(", ", left)} form a cycle, which the move cannot order. Nothing was moved.");
            }
            foreach (var t in ready)
            {
                done.Add(t);
                left.Remove(t);
                yield return t;
            }
        }
    }
}
