using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Roundtable.Web.Features.Archive;

/// <summary>
/// An archive opened for reading: its manifest checked (format, version, schema), its files' rows streamed one at a
/// time and counted against the manifest. Anything unreadable (not a ZIP, truncated, a damaged entry, JSON that does
/// not parse, a file missing) becomes an <see cref="ArchiveRefusedException"/> that says so.
/// </summary>
public sealed class ArchiveReader : IDisposable
{
    private readonly FileStream stream;
    private readonly ZipArchive zip;

    private ArchiveReader(FileStream stream, ZipArchive zip, ArchiveManifest manifest)
    {
        this.stream = stream;
        this.zip = zip;
        Manifest = manifest;
    }

    public ArchiveManifest Manifest { get; }

    /// <summary>One file (an edition's HTML or PDF) is read into memory to be stored: a bound, against a ZIP that inflates without end.</summary>
    public const long MaxFileBytes = 512L << 20;

    public static ArchiveReader Open(string path, Db db)
    {
        FileStream? stream = null;
        ZipArchive? zip = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var entry = zip.GetEntry(ArchiveFormat.ManifestFile)
                ?? throw new ArchiveRefusedException($"The file is a ZIP but not a roundtable archive: it has no {ArchiveFormat.ManifestFile}.");
            ArchiveManifest manifest;
            using (var s = entry.Open())
            {
                manifest = JsonSerializer.Deserialize<ArchiveManifest>(s, ArchiveJson.Options)
                    ?? throw new ArchiveRefusedException($"{ArchiveFormat.ManifestFile} is empty.");
            }
            Check(manifest, ArchiveFormat.AppSchemaVersion(db));
            CheckChecksums(zip);
            var reader = new ArchiveReader(stream, zip, manifest);
            stream = null;
            zip = null;
            return reader;
        }
        catch (FileNotFoundException)
        {
            throw new ArchiveRefusedException($"There is no file {path}.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ArchiveRefusedException($"There is no file {path}.");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ArchiveRefusedException($"The archive cannot be read: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveRefusedException($"The file is not a readable ZIP archive (it may be truncated or damaged): {e.Message}");
        }
        catch (JsonException e)
        {
            throw new ArchiveRefusedException($"{ArchiveFormat.ManifestFile} is not valid JSON (the archive may be damaged): {e.Message}");
        }
        finally
        {
            zip?.Dispose();
            stream?.Dispose();
        }
    }

    private static void Check(ArchiveManifest manifest, int appSchema)
    {
        if (manifest.Format != ArchiveFormat.Name)
        {
            throw new ArchiveRefusedException($"{ArchiveFormat.ManifestFile} does not describe a roundtable archive (format \"{manifest.Format}\").");
        }
        if (manifest.FormatVersion > ArchiveFormat.Version)
        {
            throw new ArchiveRefusedException(
                $"The archive is in format {manifest.FormatVersion}, made by a newer Roundtable; this one reads format {ArchiveFormat.Version}. Upgrade this installation first.");
        }
        if (manifest.FormatVersion < 1)
        {
            throw new ArchiveRefusedException($"The archive's format version ({manifest.FormatVersion}) is not one Roundtable wrote.");
        }
        if (manifest.SchemaVersion > appSchema)
        {
            throw new ArchiveRefusedException(
                $"The archive comes from a newer Roundtable (schema {manifest.SchemaVersion}; this one is at {appSchema}). Upgrade this installation first.");
        }
        if (string.IsNullOrWhiteSpace(manifest.SourceInstallationId) || manifest.SourceRoundtableId <= 0)
        {
            throw new ArchiveRefusedException($"{ArchiveFormat.ManifestFile} does not say which installation and roundtable the archive comes from.");
        }
    }

    /// <summary>
    /// Every entry's data against the CRC-32 its ZIP header records, before anything is imported. .NET 10's ZipArchive
    /// does not check it (it does from .NET 11), and a changed bit inside deflated data can decode to a changed letter
    /// with the rest intact: valid JSON, the right number of records, different words.
    /// </summary>
    private static void CheckChecksums(ZipArchive zip)
    {
        var buffer = new byte[1 << 16];
        foreach (var entry in zip.Entries)
        {
            var crc = new System.IO.Hashing.Crc32();
            Guard(entry.FullName, () =>
            {
                using var s = entry.Open();
                int n;
                while ((n = s.Read(buffer)) > 0)
                {
                    crc.Append(buffer.AsSpan(0, n));
                }
                return true;
            });
            if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
            {
                throw new ArchiveRefusedException($"{entry.FullName} in the archive is damaged: its checksum does not match.");
            }
        }
    }

    public int Count(string file) => Manifest.Counts.GetValueOrDefault(file);

    /// <summary>The rows of one JSON file, one at a time; the number read must be the manifest's.</summary>
    public async IAsyncEnumerable<JsonElement> RowsAsync(string file, [EnumeratorCancellation] CancellationToken ct)
    {
        var entry = zip.GetEntry(file) ?? throw new ArchiveRefusedException($"The archive has no {file} (it may be truncated).");
        await using var s = Guard(file, () => entry.Open());
        var rows = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(s, ArchiveJson.Options, ct).GetAsyncEnumerator(ct);
        var n = 0;
        try
        {
            while (await GuardAsync(file, () => rows.MoveNextAsync().AsTask()))
            {
                if (rows.Current.ValueKind != JsonValueKind.Object)
                {
                    throw new ArchiveRefusedException($"{file}, record {n + 1}: not a JSON object.");
                }
                n++;
                yield return rows.Current;
            }
        }
        finally
        {
            await rows.DisposeAsync();
        }
        if (n != Count(file))
        {
            throw new ArchiveRefusedException($"{file} holds {n} records where the manifest says {Count(file)}: the archive is incomplete or was altered.");
        }
    }

    public byte[] ReadBytes(string path)
    {
        var entry = zip.GetEntry(path) ?? throw new ArchiveRefusedException($"The archive has no {path} (it may be truncated).");
        if (entry.Length > MaxFileBytes)
        {
            throw new ArchiveRefusedException($"{path} in the archive is {entry.Length / (1 << 20)} MB; an edition's file is at most {MaxFileBytes / (1 << 20)} MB.");
        }
        return Guard(path, () =>
        {
            using var s = entry.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static T Guard<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveRefusedException($"{file} in the archive is damaged: {e.Message}");
        }
    }

    private static async Task<T> GuardAsync<T>(string file, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveRefusedException($"{file} in the archive is damaged: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new ArchiveRefusedException($"{file} in the archive is not valid JSON (it may be damaged): {e.Message}");
        }
    }

    public void Dispose()
    {
        zip.Dispose();
        stream.Dispose();
    }
}
