namespace Roundtable.Web.Features.Reports;

/// <summary>The report's own texts. Empty title fields fall back to the roundtable's.</summary>
public sealed class ReportForm
{
    [StringLength(60), Display(Name = "Report id")]
    public string? ReportNumber { get; set; }

    [Display(Name = "Report date")]
    public DateOnly? ReportDate { get; set; }

    [StringLength(500), Display(Name = "Distribution statement")]
    public string? DistributionStatement { get; set; }

    [StringLength(300), Display(Name = "Performing organization")]
    public string? PerformingOrganization { get; set; }

    [StringLength(500), Display(Name = "Address")]
    public string? PerformingAddress { get; set; }

    [StringLength(500), Display(Name = "Subject terms")]
    public string? SubjectTerms { get; set; }

    [StringLength(4000)]
    public string? Abstract { get; set; }

    [StringLength(300), Display(Name = "Title (empty: the roundtable's)")]
    public string? Title { get; set; }

    [StringLength(300), Display(Name = "Subtitle (empty: the roundtable's)")]
    public string? Subtitle { get; set; }

    [StringLength(2000)]
    public string? Disclaimer { get; set; }

    [StringLength(2000), Display(Name = "How to send comments")]
    public string? CommentsInstructions { get; set; }

    [StringLength(20000), Display(Name = "Foreword (Markdown)")]
    public string? Foreword { get; set; }

    [Display(Name = "Signed by")]
    public long? ForewordSignerParticipationId { get; set; }

    [StringLength(300), Display(Name = "Signer's title")]
    public string? ForewordSignerTitle { get; set; }

    [StringLength(50000), Display(Name = "Conference summary (Markdown, no names)")]
    public string? ConferenceSummary { get; set; }

    [StringLength(50000), Display(Name = "Policy implications (Markdown)")]
    public string? PolicyImplications { get; set; }

    [StringLength(50000), Display(Name = "Where should we go from here? (Markdown)")]
    public string? Recommendations { get; set; }

    /// <summary>Print the open questions as a list even where the recommendations text already has them.</summary>
    [Display(Name = "List every open question, even those the text above already states")]
    public bool OpenQuestionsAlwaysListed { get; set; }

    /// <summary>Where the documentation page prints (<see cref="DocumentationPlaces"/>): before the title page by default.</summary>
    [Required, RegularExpression("^(before|end|omit)$", ErrorMessage = "Choose where the documentation page prints: before the title page, at the end, or not at all."),
     Display(Name = "Documentation page")]
    public string? DocumentationPage { get; set; } = DocumentationPlaces.Before;

    /// <summary>The part headings (defaults unless changed).</summary>
    public ReportHeadings Headings { get; set; } = new();

    /// <summary>The defaults a new report starts from.</summary>
    public static ReportForm Defaults(string hostOrganization) => new()
    {
        DistributionStatement = "Approved for public release; distribution is unlimited.",
        PerformingOrganization = hostOrganization,
        Disclaimer = "The views expressed in this report are those of the authors and do not necessarily reflect the official policy or position of " +
            (string.IsNullOrWhiteSpace(hostOrganization) ? "the host organization" : hostOrganization) + " or of any participant's organization.",
        CommentsInstructions = "Comments pertaining to this report are invited and should be sent to the authors.",
    };
}

/// <summary>Where the report documentation page (an archive form) prints.</summary>
public static class DocumentationPlaces
{
    public const string Before = "before";
    public const string End = "end";
    public const string Omit = "omit";

    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        (Before, "Before the title page (as archives file it)"),
        (End, "At the end of the report"),
        (Omit, "Left out"),
    ];
}
