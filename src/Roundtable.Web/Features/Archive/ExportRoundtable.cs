using System.Data;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Features.Archive;

/// <summary>
/// Writes one roundtable as a roundtable archive (<see cref="ArchiveFormat"/>) into a file. Everything is read in one
/// snapshot (a read transaction), row by row: a table's rows go straight from the reader into its JSON file, and the
/// editions' HTML and PDF are read one edition at a time, so memory does not grow with the roundtable.
/// </summary>
public sealed class ExportRoundtable(Db db, TimeProvider clock)
{
    /// <summary>Writes the archive to <paramref name="path"/> (through a temporary file beside it, moved into place at the end).</summary>
    /// <returns>The manifest written, or null when the roundtable does not exist.</returns>
    public async Task<ArchiveManifest?> HandleAsync(long roundtableId, string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var partial = full + ".partial";
        ArchiveManifest? manifest;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                manifest = await WriteAsync(roundtableId, file, ct);
            }
            if (manifest is null)
            {
                File.Delete(partial);
                return null;
            }
            File.Move(partial, full, overwrite: true);
            return manifest;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>Writes the archive to <paramref name="output"/>, which is left open.</summary>
    public async Task<ArchiveManifest?> WriteAsync(long roundtableId, Stream output, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        // A snapshot without a write lock: SQLite's deferred transaction reads one state of the WAL; PostgreSQL's
        // repeatable read the same for every statement of the transaction.
        await using var tx = conn is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var title = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT title FROM roundtables WHERE id = @roundtableId", new { roundtableId }, tx, cancellationToken: ct));
        if (title is null)
        {
            return null;
        }
        var installation = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT installation_id FROM installation WHERE id = 1", transaction: tx, cancellationToken: ct)) ?? "";
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = new List<(ArchiveTable Table, long Id)>();

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        counts[ArchiveFormat.UsersFile] = await WriteRowsAsync(zip, ArchiveFormat.UsersFile, conn, tx, ArchiveFormat.UsersSql, roundtableId,
            [new("id", ColumnKind.Id), new("email", ColumnKind.Text), new("display_name", ColumnKind.Text), new("role", ColumnKind.Text)], null, ct);
        foreach (var table in ArchiveFormat.Tables)
        {
            var withFiles = table.Columns.Any(c => c.Kind is ColumnKind.TextFile or ColumnKind.BlobFile);
            counts[table.File] = await WriteRowsAsync(zip, table.File, conn, tx, table.SelectSql, roundtableId, table.Columns,
                withFiles ? (table, files) : null, ct);
        }
        foreach (var (table, id) in files)
        {
            await WriteFilesAsync(zip, conn, tx, table, id, ct);
        }
        var manifest = new ArchiveManifest
        {
            Format = ArchiveFormat.Name,
            FormatVersion = ArchiveFormat.Version,
            SchemaVersion = ArchiveFormat.AppSchemaVersion(db),
            ExportedAt = clock.GetUtcNow().UtcDateTime,
            SourceInstallationId = installation,
            SourceRoundtableId = roundtableId,
            Title = title,
            Counts = counts,
        };
        await using (var entry = zip.CreateEntry(ArchiveFormat.ManifestFile, CompressionLevel.Optimal).Open())
        {
            await JsonSerializer.SerializeAsync(entry, manifest, ArchiveJson.Options, ct);
        }
        return manifest;
    }

    private static async Task<int> WriteRowsAsync(ZipArchive zip, string file, DbConnection conn, DbTransaction tx, string sql, long roundtableId,
        ArchiveColumn[] columns, (ArchiveTable Table, List<(ArchiveTable, long)> Files)? withFiles, CancellationToken ct)
    {
        var count = 0;
        await using var entry = zip.CreateEntry(file, CompressionLevel.Optimal).Open();
        await using var json = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition(sql, new { roundtableId }, tx, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            json.WriteStartObject();
            long id = 0;
            for (var ordinal = 0; ordinal < columns.Length; ordinal++)
            {
                var column = columns[ordinal];
                var value = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
                json.WritePropertyName(column.Name);
                if (value is null)
                {
                    json.WriteNullValue();
                    continue;
                }
                switch (column.Kind)
                {
                    case ColumnKind.Id or ColumnKind.Ref or ColumnKind.User or ColumnKind.Int:
                        var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                        if (column.Kind == ColumnKind.Id)
                        {
                            id = number;
                        }
                        json.WriteNumberValue(number);
                        break;
                    case ColumnKind.Bool:
                        json.WriteBooleanValue(value is bool b ? b : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0);
                        break;
                    case ColumnKind.Time:
                        json.WriteStringValue(ArchiveJson.Time(value));
                        break;
                    case ColumnKind.TextFile or ColumnKind.BlobFile:
                        // The table's id comes first, so it is known here; NULL is no file.
                        if (Convert.ToInt64(value, CultureInfo.InvariantCulture) == 0)
                        {
                            json.WriteNullValue();
                        }
                        else
                        {
                            json.WriteStringValue(ArchiveFormat.FilePath(withFiles!.Value.Table, column, id));
                        }
                        break;
                    default:
                        json.WriteStringValue((string)value);
                        break;
                }
            }
            if (withFiles is { } f)
            {
                f.Files.Add((f.Table, id));
            }
            json.WriteEndObject();
            count++;
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(ct);
            }
        }
        json.WriteEndArray();
        await json.FlushAsync(ct);
        return count;
    }

    private static async Task WriteFilesAsync(ZipArchive zip, DbConnection conn, DbTransaction tx, ArchiveTable table, long id, CancellationToken ct)
    {
        foreach (var column in table.Columns.Where(c => c.Kind is ColumnKind.TextFile or ColumnKind.BlobFile))
        {
            // One file at a time: the column's constant name, the row's id as a parameter.
            var sql = $"SELECT {column.Name} FROM {table.Table} WHERE id = @id";
            await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition(sql, new { id }, tx, cancellationToken: ct));
            if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
            {
                continue;
            }
            await using var entry = zip.CreateEntry(ArchiveFormat.FilePath(table, column, id), CompressionLevel.Optimal).Open();
            if (column.Kind == ColumnKind.TextFile)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(reader.GetString(0));
                await entry.WriteAsync(bytes, ct);
            }
            else
            {
                await entry.WriteAsync((byte[])reader.GetValue(0), ct);
            }
        }
    }
}

public static class ArchiveJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A stored time (text on SQLite, timestamptz on PostgreSQL) as UTC ISO 8601.</summary>
    public static string Time(object value)
    {
        var utc = value switch
        {
            DateTime d => d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime(),
            DateTimeOffset o => o.UtcDateTime,
            string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => throw new InvalidDataException($"Cannot read {value.GetType()} as a time."),
        };
        return DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
    }
}
