using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Reports;

/// <summary>Everything an edition prints, gathered once; the report view only lays it out.</summary>
public sealed class ReportContent
{
    public sealed class Person
    {
        public long ParticipationId { get; init; }
        public string Honorific { get; init; } = "";

        /// <summary>The formal name ("Anne K. Fowler"): title page, author lines, documentation page, signatures.</summary>
        public string FullName { get; init; } = "";

        /// <summary>The name as the proceedings print it ("Anne Fowler").</summary>
        public string NameInPrint { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string Biography { get; init; } = "";

        public string FullDisplay => string.IsNullOrEmpty(Honorific) ? FullName : Honorific + " " + FullName;
    }

    /// <summary>A statement as printed: written straight into the page (a report holds tens of thousands of them).</summary>
    public sealed class Statement : IHtmlContent
    {
        public string Label { get; init; } = "";

        /// <summary>The statement's own HTML, rendered and sanitized when it was written; the label goes in front of it.</summary>
        public string BodyHtml { get; init; } = "";

        public void WriteTo(TextWriter writer, HtmlEncoder encoder) => PublishedText.WriteLabelled(writer, Label, BodyHtml);
    }

    public sealed class Presentation
    {
        public string Anchor { get; init; } = "";
        public string Label { get; init; } = "";
        public string Title { get; init; } = "";
        public string SummaryHtml { get; init; } = "";

        /// <summary>Whether "Discussion." divides the summary from the statements (the rapporteur's choice).</summary>
        public bool DiscussionHeading { get; init; } = true;

        public IReadOnlyList<Statement> Discussion { get; init; } = [];
    }

    public long RoundtableId { get; init; }
    public string Title { get; init; } = "";
    public string Subtitle { get; init; } = "";
    public string HeldText { get; init; } = "";
    public string Venue { get; init; } = "";
    public string HostOrganization { get; init; } = "";
    public string SponsoringProgram { get; init; } = "";
    public ReportForm Texts { get; init; } = new();
    public string ReportDateText { get; init; } = "";
    public Person? Signer { get; init; }
    public IReadOnlyList<Person> Rapporteurs { get; init; } = [];
    public IReadOnlyList<Person> ParticipantBiographies { get; init; } = [];
    public IReadOnlyList<string> OpenQuestions { get; init; } = [];
    public IReadOnlyList<Presentation> Appendix { get; init; } = [];
    public int EditionNumber { get; init; }
    public string Css { get; init; } = "";

    /// <summary>The document's language: browsers with hyphenation dictionaries hyphenate by it, screen readers read by it.</summary>
    public string Lang { get; init; } = "en";

    /// <summary>Where the documentation page prints (<see cref="DocumentationPlaces"/>).</summary>
    public string DocumentationPage { get; init; } = DocumentationPlaces.Before;

    /// <summary>The cover, when the installation's branding asks for one.</summary>
    public CoverPage? Cover { get; init; }

    public sealed class CoverPage
    {
        public string InstitutionName { get; init; } = "";

        /// <summary>A hex colour (#1f4e79), checked when saved and again here, since it is written into the page's style.</summary>
        public string Colour { get; init; } = "";
        public string? LogoDataUrl { get; init; }
    }

    /// <summary>
    /// The page label ("iii", "12") where each contents entry begins, by its anchor: empty on the first printing, which
    /// finds them (<see cref="PrintEdition"/>); the contents page keeps room for them either way, so filling them in moves nothing.
    /// </summary>
    public IReadOnlyDictionary<string, string> PageNumbers { get; set; } = new Dictionary<string, string>();

    /// <summary>A part that starts a page of its own: its anchor, heading, and whether it is front matter (roman numbers).</summary>
    public sealed record Part(string Anchor, string Heading, bool Front);

    /// <summary>The numbered parts in print order, the contents first; each has its own running head.</summary>
    public IReadOnlyList<Part> Parts
    {
        get
        {
            var h = Texts.Headings;
            var parts = new List<Part> { new("contents", h.Contents!, true), new("foreword", h.Foreword!, true), new("rapporteurs", h.Rapporteurs!, true) };
            if (ParticipantBiographies.Count > 0)
            {
                parts.Add(new("among-the-participants", h.Participants!, true));
            }
            parts.Add(new("conference-summary", h.Summary!, false));
            parts.Add(new("policy-implications", h.Implications!, false));
            parts.Add(new("where-next", h.Recommendations!, false));
            parts.Add(new("appendix", h.Appendix!, false));
            return parts;
        }
    }

    /// <summary>The contents entries in order (every part but the contents, then each presentation): the anchors the contents links to.</summary>
    public IReadOnlyList<string> ContentsAnchors => [.. Parts.Skip(1).Select(p => p.Anchor), .. Appendix.Select(p => p.Anchor)];

    public string AuthorsText => Rapporteurs.Count switch
    {
        0 => "",
        1 => Rapporteurs[0].FullName,
        _ => string.Join(", ", Rapporteurs.Take(Rapporteurs.Count - 1).Select(r => r.FullName)) + " and " + Rapporteurs[^1].FullName,
    };
}
