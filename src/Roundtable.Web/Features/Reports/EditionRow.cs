using System.Text.Json;

namespace Roundtable.Web.Features.Reports;

/// <summary>An assembled edition as the lists of a roundtable's editions read it: which one, by whom, its warnings and leak hits.</summary>
public abstract class EditionRow
{
    public long Id { get; init; }
    public int Number { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedByName { get; init; } = "";
    public string Warnings { get; init; } = "[]";
    public string LeakHits { get; init; } = "[]";
    public bool IsPublished { get; init; }

    public IReadOnlyList<string> WarningList => JsonSerializer.Deserialize<List<string>>(Warnings) ?? [];
    public IReadOnlyList<EditionLeak> LeakList => JsonSerializer.Deserialize<List<EditionLeak>>(LeakHits) ?? [];
}
