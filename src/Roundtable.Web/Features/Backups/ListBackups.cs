using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Backups;

/// <summary>The backups in Backup:Folder, newest first (archives still being written, *.partial, are not listed).</summary>
public sealed partial class ListBackups(IConfiguration configuration, IHostEnvironment env)
{
    public sealed class Row
    {
        public string Name { get; init; } = "";
        public long Bytes { get; init; }
        public DateTime WrittenAt { get; init; }
    }

    public sealed class Listing
    {
        public BackupSettings Settings { get; init; } = new();
        public string Folder { get; init; } = "";
        public IReadOnlyList<Row> Backups { get; init; } = [];
    }

    public Task<Listing> HandleAsync(CancellationToken ct)
    {
        var settings = BackupSettings.From(configuration);
        var folder = settings.FolderPath(env);
        return Task.FromResult(new Listing
        {
            Settings = settings,
            Folder = folder,
            Backups = [.. Files(folder).Select(f => new Row { Name = f.Name, Bytes = f.Length, WrittenAt = f.LastWriteTimeUtc })],
        });
    }

    /// <summary>The path of the backup called <paramref name="name"/>, or null when there is none (or the name is not a backup's).</summary>
    public string? PathOf(string name)
    {
        if (!IsBackupName(name))
        {
            return null;
        }
        var path = Path.Combine(BackupSettings.From(configuration).FolderPath(env), name);
        return File.Exists(path) ? path : null;
    }

    public static bool IsBackupName(string name) => BackupName().IsMatch(name);

    /// <summary>Newest first: the names sort by the time they were made.</summary>
    public static IEnumerable<FileInfo> Files(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles(MakeBackup.Prefix + "*" + MakeBackup.Extension)
                .Where(f => IsBackupName(f.Name))
                .OrderByDescending(f => f.Name, StringComparer.Ordinal)
            : [];

    [GeneratedRegex(@"^roundtable-backup-\d{8}T\d{6}Z(-\d+)?\.zip$")]
    private static partial Regex BackupName();
}
