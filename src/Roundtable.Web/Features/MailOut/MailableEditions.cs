using System.Text.Json;
using Roundtable.Web.Features.Reports;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// The assembled editions a mail-out may choose from, newest first, with what the organizer must see before mailing
/// one: its warnings, the names that block it, and the hits let stand with their reasons as they were when it was assembled.
/// </summary>
public sealed class MailableEditions(Db db)
{
    public sealed class Row : EditionRow
    {
        public string? OverriddenHits { get; init; }
        public bool HasPdf { get; init; }

        /// <summary>Null for an edition assembled before overridden hits were kept with it.</summary>
        public IReadOnlyList<OverriddenLeak>? OverriddenList => OverriddenHits is null ? null : JsonSerializer.Deserialize<List<OverriddenLeak>>(OverriddenHits) ?? [];

        public bool Mailable => LeakList.Count == 0 && HasPdf;
    }

    private const string Sql =
        "SELECT " + EditionRow.ColumnsSql + ",\n       e.overridden_hits, CASE WHEN e.pdf IS NULL THEN 0 ELSE 1 END AS has_pdf\n" + EditionRow.FromRoundtableSql;

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
