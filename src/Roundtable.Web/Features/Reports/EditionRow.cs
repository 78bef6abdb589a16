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

    /// <summary>The columns of this class, for a list's SELECT (the edition aliased e, its report r: see <see cref="FromRoundtableSql"/>).</summary>
    internal const string ColumnsSql = """
        e.id, e.number, e.created_at, e.created_by_name, e.warnings, e.leak_hits,
               CASE WHEN r.published_edition_id = e.id THEN 1 ELSE 0 END AS is_published
        """;

    /// <summary>The rest of a list's SELECT: a roundtable's editions, newest first.</summary>
    internal const string FromRoundtableSql = """
        FROM report_editions e LEFT JOIN reports r ON r.roundtable_id = e.roundtable_id
        WHERE e.roundtable_id = @roundtableId
        ORDER BY e.number DESC
        """;

    public IReadOnlyList<string> WarningList => JsonSerializer.Deserialize<List<string>>(Warnings) ?? [];
    public IReadOnlyList<EditionLeak> LeakList => JsonSerializer.Deserialize<List<EditionLeak>>(LeakHits) ?? [];
}
