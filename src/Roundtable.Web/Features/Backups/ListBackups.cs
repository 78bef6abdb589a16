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

    /// <summary>Newest first, by the time in the name and then its number (a second backup in the same second is "-2").</summary>
    public static IEnumerable<FileInfo> Files(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles(MakeBackup.Prefix + "*" + MakeBackup.Extension)
                .Select(f => (File: f, Match: BackupName().Match(f.Name)))
                .Where(x => x.Match.Success)
                .OrderByDescending(x => x.Match.Groups["stamp"].Value, StringComparer.Ordinal)
                .ThenByDescending(x => x.Match.Groups["n"].Success ? int.Parse(x.Match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1)
                .Select(x => x.File)
            : [];

    [GeneratedRegex(@"^roundtable-backup-(?<stamp>\d{8}T\d{6}Z)(-(?<n>\d{1,6}))?\.zip$")]
    private static partial Regex BackupName();
}
