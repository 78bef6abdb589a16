namespace Roundtable.Web.Features.Archive;

public sealed class ImportPreview
{
    public ArchiveManifest Manifest { get; init; } = new();
    public IReadOnlyList<PersonMatch> People { get; init; } = [];
    public bool HasConflicts => People.Any(p => p.Conflict);
}

/// <summary>
/// What an import would do, read without writing: the archive's manifest (checked: format, schema, not a duplicate)
/// and each of its people, matched by email to the directory here (new, the same person, or the same email under
/// another name).
/// </summary>
public sealed class PreviewImport(Db db)
{
    public async Task<ImportPreview> HandleAsync(string path, CancellationToken ct)
    {
        using var archive = ArchiveReader.Open(path, db);
        await using var conn = await db.OpenAsync(ct);
        await ImportRoundtable.RefuseDuplicateAsync(conn, null, archive.Manifest, ct);
        var people = new List<PersonMatch>();
        await foreach (var row in archive.RowsAsync(ArchiveFormat.People.File, ct))
        {
            people.Add(await ArchivePeople.MatchAsync(conn, null, row, ct));
        }
        return new ImportPreview { Manifest = archive.Manifest, People = people };
    }
}
