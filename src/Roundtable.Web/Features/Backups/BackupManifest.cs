using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roundtable.Web.Features.Backups;

/// <summary>
/// manifest.json, the last entry of every backup archive: what made it, the schema it holds (the last migration script
/// applied and how many were), and every other entry with its size and SHA-256, which restore checks before using it.
/// </summary>
public sealed class BackupManifest
{
    public const string EntryName = "manifest.json";

    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string App { get; set; } = "Roundtable";

    /// <summary>"Sqlite" or "Postgres".</summary>
    public string Provider { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The file name of the last migration script applied, e.g. "0110_create_inbox.sql".</summary>
    public string LastScript { get; set; } = "";

    public int ScriptCount { get; set; }

    public List<BackupEntry> Files { get; set; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

public sealed class BackupEntry
{
    /// <summary>The entry's name in the archive ("roundtable.db", "keys/key-….xml").</summary>
    public string Path { get; set; } = "";

    [JsonConverter(typeof(JsonStringEnumConverter<BackupPart>))]
    public BackupPart Part { get; set; }

    public long Bytes { get; set; }

    /// <summary>Lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
}

public enum BackupPart
{
    /// <summary>The app's SQLite database (a VACUUM INTO snapshot).</summary>
    Database,

    /// <summary>The app's PostgreSQL database (pg_dump --format=custom), Hangfire's schema and the keys table with it.</summary>
    PostgresDump,

    /// <summary>Hangfire's SQLite file (a VACUUM INTO snapshot).</summary>
    Jobs,

    /// <summary>A file of the data-protection keys folder.</summary>
    Key,
}
