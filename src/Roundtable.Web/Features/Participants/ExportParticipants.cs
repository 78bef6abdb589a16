using System.Globalization;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// A roundtable's participants as a sheet: who, their roles, their invitation and their own answer with its comment
/// (dietary needs, arrival: what the caterer and the desk need), attribution consent, biography in the report,
/// attendance. The column names are those the participant import reads, so the file can seed another roundtable.
/// </summary>
public sealed class ExportParticipants(Db db, ListParticipants list)
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "honorific", "full_name", "name_in_print", "position", "affiliation", "email", "roles", "invitation_status",
        "rsvp_answer", "rsvp_comment", "rsvp_answered_at", "may_be_named", "biography_in_report", "attended",
    ];

    /// <summary>A participant's own answer to the invitation (at most one per participation).</summary>
    private sealed class AnswerRow
    {
        public long ParticipationId { get; init; }
        public string Answer { get; init; } = "";
        public string Comment { get; init; } = "";
        public DateTime AnsweredAt { get; init; }
    }

    private const string AnswersSql = """
        SELECT r.participation_id, r.answer, r.comment, r.answered_at
        FROM rsvp_responses r JOIN participations pa ON pa.id = r.participation_id
        WHERE pa.roundtable_id = @roundtableId
        """;

    public async Task<Sheet> HandleAsync(long roundtableId, CancellationToken ct)
    {
        var rows = await list.HandleAsync(roundtableId, role: null, ct);
        await using var conn = await db.OpenAsync(ct);
        var answers = (await conn.QueryAsync<AnswerRow>(new CommandDefinition(AnswersSql, new { roundtableId }, cancellationToken: ct)))
            .ToDictionary(a => a.ParticipationId);
        return new Sheet
        {
            Name = "Participants",
            Headers = Headers,
            Widths = [10, 24, 24, 24, 28, 28, 22, 14, 12, 40, 18, 13, 13, 10],
            Rows = rows.Select(r => Line(r, answers.GetValueOrDefault(r.Id))).ToList(),
        };
    }

    private static IReadOnlyList<string> Line(ListParticipants.Row r, AnswerRow? answer) =>
    [
        r.Honorific, r.FullName, r.NameInPrint, r.Position, r.Affiliation, r.Email ?? "",
        string.Join("; ", r.Roles), r.InvitationStatus,
        answer?.Answer ?? "", answer?.Comment ?? "", answer?.AnsweredAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "",
        YesNo(r.MayBeNamed), YesNo(r.BiographyInReport), YesNo(r.Attended),
    ];

    internal static string YesNo(bool value) => value ? "yes" : "no";
}
