using System.Globalization;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// A roundtable's participants as a sheet: who, their roles, their invitation and their own answer with its comment
/// (dietary needs, arrival: what the caterer and the desk need), attribution consent, biography in the report,
/// attendance. The column names are those the participant import reads, so the file can seed another roundtable.
/// </summary>
public sealed class ExportParticipants(Db db)
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "honorific", "full_name", "name_in_print", "position", "affiliation", "email", "roles", "invitation_status",
        "rsvp_answer", "rsvp_comment", "rsvp_answered_at", "may_be_named", "biography_in_report", "attended",
    ];

    public sealed class Row
    {
        public long Id { get; init; }
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string? Email { get; init; }
        public string InvitationStatus { get; init; } = "";
        public string? Answer { get; init; }
        public string? Comment { get; init; }
        public DateTime? AnsweredAt { get; init; }
        public bool MayBeNamed { get; init; }
        public bool BiographyInReport { get; init; }
        public bool Attended { get; init; }
    }

    private const string Sql = """
        SELECT pa.id, p.honorific, p.full_name, p.name_in_print, p.position, p.affiliation, p.email, pa.invitation_status,
               r.answer, r.comment, r.answered_at, pa.may_be_named, pa.biography_in_report, pa.attended
        FROM participations pa JOIN people p ON p.id = pa.person_id
        LEFT JOIN rsvp_responses r ON r.participation_id = pa.id
        WHERE pa.roundtable_id = @roundtableId
        ORDER BY p.sort_name, pa.id
        """;

    private const string RolesSql = """
        SELECT r.participation_id, r.role
        FROM participation_roles r JOIN participations pa ON pa.id = r.participation_id
        WHERE pa.roundtable_id = @roundtableId
        """;

    private sealed class RoleRow
    {
        public long ParticipationId { get; init; }
        public string Role { get; init; } = "";
    }

    public async Task<Sheet> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct));
        var roles = (await conn.QueryAsync<RoleRow>(new CommandDefinition(RolesSql, new { roundtableId }, cancellationToken: ct)))
            .ToLookup(r => r.ParticipationId, r => r.Role);
        var order = ParticipationRoles.All.Select(r => r.Value).ToList();
        return new Sheet
        {
            Name = "Participants",
            Headers = Headers,
            Widths = [10, 24, 24, 24, 28, 28, 22, 14, 12, 40, 18, 13, 13, 10],
            Rows = rows.Select(r => (IReadOnlyList<string>)
            [
                r.Honorific, r.FullName, r.NameInPrint, r.Position, r.Affiliation, r.Email ?? "",
                string.Join("; ", roles[r.Id].OrderBy(order.IndexOf)), r.InvitationStatus,
                r.Answer ?? "", r.Comment ?? "", r.AnsweredAt is { } at ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "",
                YesNo(r.MayBeNamed), YesNo(r.BiographyInReport), YesNo(r.Attended),
            ]).ToList(),
        };
    }

    internal static string YesNo(bool value) => value ? "yes" : "no";
}
