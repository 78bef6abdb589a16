using Roundtable.Web.Features.Attribution;
using System.Security.Cryptography;
using System.Text;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Runs the leak check over a roundtable's published proceedings texts (summaries with the presenter filled in, and
/// statements). Protected: everyone without attribution consent, everywhere; and a presenter who is not named, in their
/// own presentation. A hit someone overrode with a reason stays listed, marked as overridden, as long as the text is unchanged.
/// </summary>
public sealed class CheckLeaks(Db db, GetProceedings proceedings)
{
    public sealed class Finding
    {
        public required LeakHit Hit { get; init; }
        public long PresentationId { get; init; }
        public long? StatementId { get; init; }
        public string PlaceKind => StatementId is null ? "summary" : "statement";
        public string TextHash { get; init; } = "";
        public string? OverrideReason { get; init; }
        public string? OverriddenBy { get; init; }
        public bool Overridden => OverrideReason is not null;
    }

    private sealed class OverrideRow
    {
        public long PresentationId { get; init; }
        public long? StatementId { get; init; }
        public string Term { get; init; } = "";
        public string TextHash { get; init; } = "";
        public string Reason { get; init; } = "";
        public string By { get; init; } = "";
    }

    private const string OverridesSql = """
        SELECT o.presentation_id, o.statement_id, o.term, o.text_hash, o.reason, u.display_name AS by
        FROM leak_overrides o JOIN presentations pr ON pr.id = o.presentation_id JOIN users u ON u.id = o.user_id
        WHERE pr.roundtable_id = @roundtableId
        ORDER BY o.id DESC
        """;

    /// <param name="presentationId">Only this presentation's texts; null for the whole roundtable.</param>
    public async Task<IReadOnlyList<Finding>> HandleAsync(long roundtableId, long? presentationId, CancellationToken ct)
    {
        var all = await proceedings.HandleAsync(roundtableId, ct);
        List<OverrideRow> overrides;
        await using (var conn = await db.OpenAsync(ct))
        {
            overrides = (await conn.QueryAsync<OverrideRow>(new CommandDefinition(OverridesSql, new { roundtableId }, cancellationToken: ct))).AsList();
        }
        var everywhere = all.Speakers.Where(s => !s.MayBeNamed).Select(s => s.ToProtected()).ToList();
        var byParticipation = all.Speakers.ToDictionary(s => s.ParticipationId);
        var findings = new List<Finding>();
        foreach (var p in all.Presentations.Where(p => presentationId is null || p.Id == presentationId))
        {
            var guarded = everywhere.ToList();
            if (!p.Agenda.PresenterNamed)
            {
                guarded.AddRange(p.Agenda.Presenters.Where(x => byParticipation.ContainsKey(x.ParticipationId)).Select(x => byParticipation[x.ParticipationId].ToProtected()));
            }
            var check = new LeakCheck(guarded.DistinctBy(g => g.PersonId));
            var passages = new List<(Passage Passage, long? StatementId)>
            {
                (new Passage($"summary:{p.Id}", $"{p.Agenda.Label}, summary", p.PublishedSummary), null),
            };
            passages.AddRange(p.Statements.Select((s, i) =>
                (new Passage($"statement:{s.Id}", $"{p.Agenda.Label}, discussion, statement {i + 1} ({s.Label})", s.Text), (long?)s.Id)));
            foreach (var (passage, statementId) in passages)
            {
                var hash = Hash(passage.Text);
                foreach (var hit in check.Scan(passage))
                {
                    var o = overrides.FirstOrDefault(o => o.PresentationId == p.Id && o.StatementId == statementId && o.TextHash == hash
                        && string.Equals(o.Term, hit.Term, StringComparison.OrdinalIgnoreCase));
                    findings.Add(new Finding
                    {
                        Hit = hit, PresentationId = p.Id, StatementId = statementId, TextHash = hash, OverrideReason = o?.Reason, OverriddenBy = o?.By,
                    });
                }
            }
        }
        return findings;
    }

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
