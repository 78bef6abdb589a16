using System.Globalization;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Saves the report texts; the foreword's signer must take part in this roundtable, and the Markdown texts may show no
/// image from an address (the report is printed on the server, which fetches nothing).
/// </summary>
public sealed class SaveReport(Db db, TimeProvider clock)
{
    private const string SignerSql = "SELECT COUNT(*) FROM participations WHERE id = @id AND roundtable_id = @roundtableId";

    private const string Sql = """
        INSERT INTO reports (roundtable_id, report_number, report_date, distribution_statement, performing_organization, performing_address,
            subject_terms, abstract, title, subtitle, disclaimer, comments_instructions, foreword, foreword_signer_participation_id,
            foreword_signer_title, conference_summary, policy_implications, recommendations, open_questions_always_listed, headings,
            documentation_page, updated_at, updated_by_user_id)
        VALUES (@roundtableId, @ReportNumber, @ReportDate, @DistributionStatement, @PerformingOrganization, @PerformingAddress,
            @SubjectTerms, @Abstract, @Title, @Subtitle, @Disclaimer, @CommentsInstructions, @Foreword, @ForewordSignerParticipationId,
            @ForewordSignerTitle, @ConferenceSummary, @PolicyImplications, @Recommendations, @OpenQuestionsAlwaysListed, @headings,
            @DocumentationPage, @now, @userId)
        ON CONFLICT (roundtable_id) DO UPDATE SET
            report_number = excluded.report_number, report_date = excluded.report_date,
            distribution_statement = excluded.distribution_statement, performing_organization = excluded.performing_organization,
            performing_address = excluded.performing_address, subject_terms = excluded.subject_terms, abstract = excluded.abstract,
            title = excluded.title, subtitle = excluded.subtitle, disclaimer = excluded.disclaimer,
            comments_instructions = excluded.comments_instructions, foreword = excluded.foreword,
            foreword_signer_participation_id = excluded.foreword_signer_participation_id,
            foreword_signer_title = excluded.foreword_signer_title, conference_summary = excluded.conference_summary,
            policy_implications = excluded.policy_implications, recommendations = excluded.recommendations,
            open_questions_always_listed = excluded.open_questions_always_listed, headings = excluded.headings,
            documentation_page = excluded.documentation_page,
            updated_at = excluded.updated_at, updated_by_user_id = excluded.updated_by_user_id
        """;

    public async Task<Result<bool>> HandleAsync(long roundtableId, ReportForm f, long userId, CancellationToken ct)
    {
        var images = new[]
        {
            Markdown.RefuseLinkedImage(nameof(f.Foreword), "the foreword", f.Foreword),
            Markdown.RefuseLinkedImage(nameof(f.ConferenceSummary), "the conference summary", f.ConferenceSummary),
            Markdown.RefuseLinkedImage(nameof(f.PolicyImplications), "the policy implications", f.PolicyImplications),
            Markdown.RefuseLinkedImage(nameof(f.Recommendations), "“Where should we go from here?”", f.Recommendations),
        }.OfType<FieldError>().ToList();
        if (images.Count > 0)
        {
            return Result<bool>.Fail(images);
        }
        await using var conn = await db.OpenAsync(ct);
        if (f.ForewordSignerParticipationId is { } signer
            && await conn.ExecuteScalarAsync<long>(new CommandDefinition(SignerSql, new { id = signer, roundtableId }, cancellationToken: ct)) == 0)
        {
            return Result<bool>.Fail(nameof(f.ForewordSignerParticipationId), "The foreword's signer must take part in this roundtable.");
        }
        static string T(string? s) => (s ?? "").Trim();
        await conn.ExecuteAsync(new CommandDefinition(Sql, new
        {
            roundtableId,
            ReportNumber = T(f.ReportNumber),
            ReportDate = f.ReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            DistributionStatement = T(f.DistributionStatement), PerformingOrganization = T(f.PerformingOrganization),
            PerformingAddress = T(f.PerformingAddress), SubjectTerms = T(f.SubjectTerms), Abstract = T(f.Abstract),
            Title = T(f.Title), Subtitle = T(f.Subtitle), Disclaimer = T(f.Disclaimer), CommentsInstructions = T(f.CommentsInstructions),
            Foreword = T(f.Foreword), f.ForewordSignerParticipationId, ForewordSignerTitle = T(f.ForewordSignerTitle),
            ConferenceSummary = T(f.ConferenceSummary), PolicyImplications = T(f.PolicyImplications), Recommendations = T(f.Recommendations),
            f.OpenQuestionsAlwaysListed, headings = f.Headings.Serialize(),
            DocumentationPage = f.DocumentationPage ?? DocumentationPlaces.Before,
            now = clock.GetUtcNow().UtcDateTime, userId,
        }, cancellationToken: ct));
        return Result<bool>.Success(true);
    }
}
