using System.Globalization;

namespace Roundtable.Web.Features.Reports;

/// <summary>The report texts of a roundtable, or the defaults when none were saved yet.</summary>
public sealed class GetReport(Db db)
{
    private sealed class Row
    {
        public string ReportNumber { get; init; } = "";
        public string ReportDate { get; init; } = "";
        public string DistributionStatement { get; init; } = "";
        public string PerformingOrganization { get; init; } = "";
        public string PerformingAddress { get; init; } = "";
        public string SubjectTerms { get; init; } = "";
        public string Abstract { get; init; } = "";
        public string Title { get; init; } = "";
        public string Subtitle { get; init; } = "";
        public string Disclaimer { get; init; } = "";
        public string CommentsInstructions { get; init; } = "";
        public string Foreword { get; init; } = "";
        public long? ForewordSignerParticipationId { get; init; }
        public string ForewordSignerTitle { get; init; } = "";
        public string ConferenceSummary { get; init; } = "";
        public string PolicyImplications { get; init; } = "";
        public string Recommendations { get; init; } = "";
        public bool OpenQuestionsAlwaysListed { get; init; }
        public string Headings { get; init; } = "";
        public string DocumentationPage { get; init; } = DocumentationPlaces.Before;
    }

    private const string Sql = """
        SELECT report_number, report_date, distribution_statement, performing_organization, performing_address, subject_terms,
               abstract, title, subtitle, disclaimer, comments_instructions, foreword, foreword_signer_participation_id,
               foreword_signer_title, conference_summary, policy_implications, recommendations, open_questions_always_listed, headings,
               documentation_page
        FROM reports WHERE roundtable_id = @roundtableId
        """;

    private const string HostSql = "SELECT host_organization FROM roundtables WHERE id = @roundtableId";

    public async Task<ReportForm> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var r = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct));
        if (r is null)
        {
            var host = await conn.ExecuteScalarAsync<string>(new CommandDefinition(HostSql, new { roundtableId }, cancellationToken: ct));
            return ReportForm.Defaults(host ?? "");
        }
        return new ReportForm
        {
            ReportNumber = r.ReportNumber,
            ReportDate = r.ReportDate.Length == 0 ? null : DateOnly.ParseExact(r.ReportDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DistributionStatement = r.DistributionStatement, PerformingOrganization = r.PerformingOrganization,
            PerformingAddress = r.PerformingAddress, SubjectTerms = r.SubjectTerms, Abstract = r.Abstract, Title = r.Title,
            Subtitle = r.Subtitle, Disclaimer = r.Disclaimer, CommentsInstructions = r.CommentsInstructions, Foreword = r.Foreword,
            ForewordSignerParticipationId = r.ForewordSignerParticipationId, ForewordSignerTitle = r.ForewordSignerTitle,
            ConferenceSummary = r.ConferenceSummary, PolicyImplications = r.PolicyImplications, Recommendations = r.Recommendations,
            OpenQuestionsAlwaysListed = r.OpenQuestionsAlwaysListed, Headings = ReportHeadings.Parse(r.Headings),
            DocumentationPage = r.DocumentationPage,
        };
    }
}
