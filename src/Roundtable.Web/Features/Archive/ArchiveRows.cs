using System.Data;
using System.Globalization;
using System.Text.Json;

namespace Roundtable.Web.Features.Archive;

/// <summary>One row of an archive's JSON file as the parameters of its INSERT here: ids remapped, types as the column's kind.</summary>
public static class ArchiveRows
{
    public static (DynamicParameters Parameters, long OldId, List<(ArchiveColumn Column, long OldRef)> Later) Parameters(
        ArchiveTable table, JsonElement row, string where, Dictionary<string, Dictionary<long, long>> maps, Dictionary<long, long> users,
        long userId, ArchiveReader archive, ArchiveManifest m)
    {
        var p = new DynamicParameters();
        long oldId = 0;
        var later = new List<(ArchiveColumn, long)>();
        foreach (var c in table.Columns)
        {
            if (!row.TryGetProperty(c.Name, out var v))
            {
                // An archive from before the column existed.
                if (c.Default is null && !c.Nullable)
                {
                    throw new ArchiveRefusedException($"{where} has no \"{c.Name}\".");
                }
                p.Add(c.Name, c.Default, DbTypeOf(c.Kind));
                continue;
            }
            if (v.ValueKind == JsonValueKind.Null && c.Kind != ColumnKind.Id)
            {
                if (!c.Nullable)
                {
                    throw new ArchiveRefusedException($"{where}: \"{c.Name}\" may not be empty.");
                }
                p.Add(c.Name, null, DbTypeOf(c.Kind));
                continue;
            }
            try
            {
                switch (c.Kind)
                {
                    case ColumnKind.Id:
                        oldId = v.GetInt64();
                        break;
                    case ColumnKind.Ref when c.Deferred:
                        later.Add((c, v.GetInt64()));
                        p.Add(c.Name, null, DbType.Int64);
                        break;
                    case ColumnKind.Ref:
                        var old = v.GetInt64();
                        if (!maps.TryGetValue(c.RefTable!, out var map) || !map.TryGetValue(old, out var mapped))
                        {
                            throw new ArchiveRefusedException($"{where}: \"{c.Name}\" refers to {c.RefTable} {old}, which the archive does not hold.");
                        }
                        p.Add(c.Name, mapped, DbType.Int64);
                        break;
                    case ColumnKind.User:
                        // The roundtable is the importer's: they manage what they brought in.
                        p.Add(c.Name, table == ArchiveFormat.Roundtables ? userId : users.GetValueOrDefault(v.GetInt64(), userId), DbType.Int64);
                        break;
                    case ColumnKind.Int:
                        p.Add(c.Name, v.GetInt64(), DbType.Int64);
                        break;
                    case ColumnKind.Bool:
                        p.Add(c.Name, v.GetBoolean(), DbType.Boolean);
                        break;
                    case ColumnKind.Time:
                        p.Add(c.Name, DateTime.SpecifyKind(DateTime.Parse(v.GetString()!, CultureInfo.InvariantCulture,
                            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc), DbType.DateTime);
                        break;
                    case ColumnKind.TextFile:
                        p.Add(c.Name, System.Text.Encoding.UTF8.GetString(archive.ReadBytes(v.GetString()!)), DbType.String);
                        break;
                    case ColumnKind.BlobFile:
                        p.Add(c.Name, archive.ReadBytes(v.GetString()!), DbType.Binary);
                        break;
                    default:
                        p.Add(c.Name, Transform(table, c, v.GetString()!, m), DbType.String);
                        break;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new ArchiveRefusedException($"{where}: \"{c.Name}\" is not {Expected(c.Kind)} ({v}).");
            }
        }
        return (p, oldId, later);
    }

    /// <summary>The old installation's mail stays its own: waiting rows are cancelled, and idempotency keys are kept apart from this one's.</summary>
    private static string Transform(ArchiveTable table, ArchiveColumn c, string value, ArchiveManifest m) => (table.Table, c.Name) switch
    {
        ("outbox", "status") when ArchiveFormat.WaitingStatuses.Contains(value) => "cancelled",
        ("mailings", "dedup_key") => $"imported:{m.SourceInstallationId}:{value}",
        _ => value,
    };

    private static DbType DbTypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Time => DbType.DateTime,
        ColumnKind.Bool => DbType.Boolean,
        ColumnKind.BlobFile => DbType.Binary,
        ColumnKind.Text or ColumnKind.TextFile => DbType.String,
        _ => DbType.Int64,
    };

    private static string Expected(ColumnKind kind) => kind switch
    {
        ColumnKind.Time => "a time (ISO 8601)",
        ColumnKind.Bool => "true or false",
        ColumnKind.Text => "text",
        ColumnKind.TextFile or ColumnKind.BlobFile => "the path of a file in the archive",
        _ => "a whole number",
    };

    public static long Long(JsonElement row, string name, string where) =>
        row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n : throw new ArchiveRefusedException($"{where}: \"{name}\" is not a whole number.");
}

/// <summary>Reading one value of an archive's row, with a sentence when it is not what the format says.</summary>
public static class ArchiveValues
{
    public static string Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
