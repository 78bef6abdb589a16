namespace Roundtable.Benchmarks;

/// <summary>A folder of its own under the temp folder for a benchmark's files (database, keys, jobs); removed when disposed.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"roundtable-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open stays behind in the temp folder; the figures are printed already.
        }
    }
}
