using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// The leak check over every printed part of the report that is not the proceedings (those have their own check and
/// review): the title page, the documentation page's abstract and subject terms, the foreword, the biographies, the
/// conference summary, the policy implications, the recommendations, the open questions and the audience phrases
/// printed with names. A biography selected for "Among the participants" of someone who may not be named is a hit
/// too. An organizer may override a hit with a reason; the override holds for that text as it is.
/// </summary>
public sealed class CheckReportLeaks(Db db, GetReport getReport, ListSpeakers listSpeakers, ListOpenQuestions listOpenQuestions)
{
    public sealed class Finding
    {
        /// <summary>Where, in words ("Foreword", "Among the participants: Nora Vale").</summary>
        public string Place { get; init; } = "";
        public string Person { get; init; } = "";
        public string Term { get; init; } = "";
        public string Context { get; init; } = "";
        public string TextHash { get; init; } = "";
        public string? OverrideReason { get; init; }
        public string? OverriddenBy { get; init; }
        public bool Overridden => OverrideReason is not null;
    }

    private sealed class BiographyRow
    {
        public long PersonId { get; init; }
        public string FullName { get; init; } = "";
        public string Biography { get; init; } = "";
        public bool BiographyInReport { get; init; }
        public bool IsRapporteur { get; init; }
        public bool MayBeNamed { get; init; }
    }

    private sealed class OverrideRow
    {
        public string Place { get; init; } = "";
        public string Term { get; init; } = "";
        public string TextHash { get; init; } = "";
        public string Reason { get; init; } = "";
        public string By { get; init; } = "";
    }

    private const string BiographiesSql = """
        SELECT p.id AS person_id, p.full_name, p.biography, pa.biography_in_report, pa.may_be_named,
               EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'rapporteur') AS is_rapporteur
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId
          AND pa.id IN (SELECT x.id FROM participations x WHERE x.roundtable_id = @roundtableId AND x.biography_in_report = TRUE
                        UNION ALL SELECT r.participation_id FROM participation_roles r WHERE r.role = 'rapporteur')
        ORDER BY p.sort_name, pa.id
        """;

    private const string OverridesSql = """
        SELECT o.place, o.term, o.text_hash, o.reason, u.display_name AS by
        FROM report_leak_overrides o JOIN users u ON u.id = o.user_id
        WHERE o.roundtable_id = @roundtableId
        ORDER BY o.id DESC
        """;

    public async Task<IReadOnlyList<Finding>> HandleAsync(long roundtableId, CancellationToken ct) =>
        await HandleAsync(roundtableId, await getReport.HandleAsync(roundtableId, ct), await listOpenQuestions.HandleAsync(roundtableId, ct), ct);

    /// <summary>The same for a caller that has read the stored texts and the open questions already (the report page).</summary>
    public async Task<IReadOnlyList<Finding>> HandleAsync(long roundtableId, ReportForm texts, IReadOnlyList<ListOpenQuestions.Row> questions, CancellationToken ct)
    {
        // Only the participants whose names or texts the check reads (who may not be named, audience phrases,
        // biographies printed): on a roundtable of 2,000 it read every one of them twice.
        var speakers = await listSpeakers.ForLeakCheckAsync(roundtableId, ct);
        List<BiographyRow> people;
        List<OverrideRow> overrides;
        await using (var conn = await db.OpenAsync(ct))
        {
            people = (await conn.QueryAsync<BiographyRow>(new CommandDefinition(BiographiesSql, new { roundtableId }, cancellationToken: ct))).AsList();
            overrides = (await conn.QueryAsync<OverrideRow>(new CommandDefinition(OverridesSql, new { roundtableId }, cancellationToken: ct))).AsList();
        }

        var passages = new List<Passage>
        {
            Part("Title page", string.Join("\n", texts.Title, texts.Subtitle)),
            Part("Report documentation page: abstract", string.Join("\n", texts.Abstract, texts.SubjectTerms)),
            Part("Foreword", string.Join("\n", texts.Foreword, texts.ForewordSignerTitle)),
            Part("Conference summary", texts.ConferenceSummary),
            Part("Policy implications", texts.PolicyImplications),
            Part("Where should we go from here?", texts.Recommendations),
        };
        passages.AddRange(questions.Select((q, i) => Part($"Open question {i + 1}", q.Text)));
        passages.AddRange(people.Where(p => p.IsRapporteur).Select(p => Part($"Biographical sketch: {p.FullName}", p.Biography)));
        // (The biography of someone who may not be named is one hit of its own, below, not one per mention of their name.)
        passages.AddRange(people.Where(p => p.BiographyInReport && !p.IsRapporteur && p.MayBeNamed).Select(p => Part(AmongTheParticipants(p.FullName), p.Biography)));
        passages.AddRange(speakers.Where(s => s.MayBeNamed && s.AudiencePhrase.Length > 0).Select(s => Part($"Audience phrase of {s.FullName}", s.AudiencePhrase)));

        var protectedPeople = speakers.Where(s => !s.MayBeNamed).Select(s => s.ToProtected()).DistinctBy(p => p.PersonId).ToList();
        var check = new LeakCheck(protectedPeople);
        var findings = new List<Finding>();
        foreach (var passage in passages)
        {
            var hash = CheckLeaks.Hash(passage.Text);
            findings.AddRange(check.Scan(passage).Select(h => Found(h.Passage.Place, h.Person.FullName, h.Term, $"{h.Before}{h.Term}{h.After}", hash, overrides)));
        }
        // Printing someone's biography among the participants says they took part: only for those who may be named.
        foreach (var p in people.Where(p => p.BiographyInReport && !p.IsRapporteur && !p.MayBeNamed))
        {
            findings.Add(Found($"Among the participants: {p.FullName}", p.FullName, p.FullName,
                $"{p.FullName}’s biography is selected for the report, but they may not be named.", CheckLeaks.Hash(p.Biography), overrides));
        }
        return findings;
    }

    private static Passage Part(string place, string? text) => new(place, place, text ?? "");

    /// <summary>Where a participant's biography prints, as the check names the place.</summary>
    public static string AmongTheParticipants(string fullName) => $"Among the participants: {fullName}";

    private static Finding Found(string place, string person, string term, string context, string hash, List<OverrideRow> overrides)
    {
        var o = overrides.FirstOrDefault(o => o.Place == place && o.TextHash == hash && string.Equals(o.Term, term, StringComparison.OrdinalIgnoreCase));
        return new Finding { Place = place, Person = person, Term = term, Context = context, TextHash = hash, OverrideReason = o?.Reason, OverriddenBy = o?.By };
    }
}

public sealed class ReportLeakOverrideForm
{
    public string Place { get; set; } = "";

    public string Term { get; set; } = "";

    public string Reason { get; set; } = "";
}

/// <summary>
/// Records that a hit in the report's own texts is not a leak, with the reason and who decided; it holds for the text
/// as it is now, and the log is never rewritten.
/// </summary>
public sealed class OverrideReportLeak(Db db, CheckReportLeaks leaks, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO report_leak_overrides (roundtable_id, place, term, text_hash, reason, user_id, created_at)
        VALUES (@roundtableId, @place, @term, @textHash, @reason, @userId, @now)
        """;

    public async Task<Result<bool>> HandleAsync(long roundtableId, ReportLeakOverrideForm form, long userId, CancellationToken ct)
    {
        var reason = (form.Reason ?? "").Trim();
        if (reason.Length < 5)
        {
            return Result<bool>.Fail(nameof(form.Reason), "Give a reason (at least a few words) why this is not a leak.");
        }
        if (reason.Length > 1000)
        {
            return Result<bool>.Fail(nameof(form.Reason), "Keep the reason under 1,000 characters.");
        }
        var finding = (await leaks.HandleAsync(roundtableId, ct))
            .FirstOrDefault(f => f.Place == form.Place && string.Equals(f.Term, form.Term, StringComparison.OrdinalIgnoreCase));
        if (finding is null)
        {
            return Result<bool>.Fail("", "That name is no longer found there: the text was changed meanwhile. Look at the check again.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            roundtableId, place = finding.Place, term = finding.Term, textHash = finding.TextHash, reason, userId, now,
        }, tx, cancellationToken: ct));
        await Audit.AuditLog.RecordAsync(conn, tx, now, userId, null, Audit.AuditActions.LeakOverridden, roundtableId, $"“{finding.Term}” in {finding.Place}: {reason}", ct);
        await tx.CommitAsync(ct);
        return Result<bool>.Success(true);
    }
}
