namespace Roundtable.Web.Features.Participants;

/// <summary>
/// The desk list for the day: everyone on the roundtable except those who declined, by surname, with their
/// affiliation and an empty column to sign in. Printed as it comes (tall rows, grid lines, the header on each page).
/// </summary>
public sealed class ExportAttendanceSheet(Db db)
{
    public sealed class Row
    {
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string Affiliation { get; init; } = "";
    }

    private const string Sql = """
        SELECT p.honorific, p.full_name, p.affiliation
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId AND pa.invitation_status <> 'declined'
        ORDER BY LOWER(p.surname), LOWER(p.sort_name), pa.id
        """;

    public async Task<Sheet> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct));
        return new Sheet
        {
            Name = "Attendance",
            Headers = ["Name", "Affiliation", "Signature"],
            Widths = [34, 38, 40],
            ForPaper = true,
            Rows = rows.Select(r => (IReadOnlyList<string>)
                [(r.Honorific.Length == 0 ? "" : r.Honorific + " ") + r.FullName, r.Affiliation, ""]).ToList(),
        };
    }
}
