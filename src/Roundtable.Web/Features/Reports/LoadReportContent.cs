using System.Globalization;
using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Features.Settings;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Gathers the parts of the report from the current data. Problems stop an assembly (no presentations, no
/// foreword signer, a selected biography that is empty); warnings are shown and need an override to publish.
/// </summary>
public sealed class LoadReportContent(Db db, GetRoundtable getRoundtable, GetReport getReport, ListPresentations listPresentations,
    ListOpenQuestions listOpenQuestions, AppendixSource appendix, CheckReportLeaks leaks, GetBranding getBranding, TimeProvider clock)
{
    public sealed class Outcome
    {
        public ReportContent? Content { get; set; }
        public List<string> Problems { get; } = [];
        public List<string> Warnings { get; } = [];
        public List<string> Sources { get; } = [];
    }

    private sealed class PersonRow
    {
        public long ParticipationId { get; init; }
        public string Honorific { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string FullName { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string Biography { get; init; } = "";
        public bool BiographyInReport { get; init; }
        public bool IsRapporteur { get; init; }
        public bool MayBeNamed { get; init; }
    }

    private const string PeopleSql = """
        SELECT pa.id AS participation_id, p.honorific, p.name_in_print, p.full_name, p.position, p.affiliation, p.biography,
               pa.biography_in_report, pa.may_be_named,
               EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'rapporteur') AS is_rapporteur
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId
        ORDER BY
        """ + " " + ListBiographies.PrintOrder;

    public async Task<Outcome> HandleAsync(long roundtableId, int editionNumber, string css, CancellationToken ct)
    {
        var rt = await getRoundtable.HandleAsync(roundtableId, ct) ?? throw new InvalidOperationException($"Roundtable {roundtableId} does not exist.");
        var texts = await getReport.HandleAsync(roundtableId, ct);
        List<PersonRow> people;
        await using (var conn = await db.OpenAsync(ct))
        {
            people = (await conn.QueryAsync<PersonRow>(new CommandDefinition(PeopleSql, new { roundtableId }, cancellationToken: ct))).AsList();
        }
        var presentations = await listPresentations.HandleAsync(roundtableId, ct);
        var questions = await listOpenQuestions.HandleAsync(roundtableId, ct);
        var outcome = new Outcome();

        if (presentations.Count == 0)
        {
            outcome.Problems.Add("The agenda has no presentations, so the report would have no proceedings. Add the presentations first.");
        }
        var signer = people.FirstOrDefault(p => p.ParticipationId == texts.ForewordSignerParticipationId);
        if (signer is null)
        {
            outcome.Problems.Add("The foreword has no signer. Choose the director who signs it in the report editor.");
        }
        if (string.IsNullOrWhiteSpace(texts.Foreword))
        {
            outcome.Problems.Add("The foreword is empty.");
        }
        foreach (var p in people.Where(p => p.BiographyInReport && !p.IsRapporteur && string.IsNullOrWhiteSpace(p.Biography)))
        {
            outcome.Problems.Add($"{p.FullName} is selected for “Among the participants” but has no biography. Write one in the directory or unselect them.");
        }
        foreach (var p in people.Where(p => p.IsRapporteur && string.IsNullOrWhiteSpace(p.Biography)))
        {
            outcome.Warnings.Add($"Rapporteur {p.FullName} has no biography; their sketch will be empty.");
        }

        var sections = await appendix.HandleAsync(roundtableId, presentations, outcome.Warnings, outcome.Sources, ct);
        if (outcome.Problems.Count > 0)
        {
            return outcome;
        }

        // Someone who may not be named is printed among the participants only where an organizer overrode the check with a reason.
        var listed = people.Any(p => p.BiographyInReport && !p.MayBeNamed)
            ? (await leaks.HandleAsync(roundtableId, ct)).Where(f => f.Overridden && f.Place == CheckReportLeaks.AmongTheParticipants(f.Person) && f.Term == f.Person)
                .Select(f => f.Person).ToHashSet()
            : [];
        static ReportContent.Person ToPerson(PersonRow p) => new()
        {
            ParticipationId = p.ParticipationId, Honorific = p.Honorific, FullName = p.FullName, NameInPrint = p.NameInPrint, Position = p.Position,
            Affiliation = p.Affiliation, Biography = p.Biography,
        };
        var branding = await getBranding.HandleAsync(ct);
        var reportDate = texts.ReportDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        outcome.Content = new ReportContent
        {
            RoundtableId = roundtableId,
            Title = string.IsNullOrWhiteSpace(texts.Title) ? rt.Title : texts.Title!,
            Subtitle = string.IsNullOrWhiteSpace(texts.Subtitle) ? rt.Subtitle : texts.Subtitle!,
            HeldText = rt.Start == rt.End
                ? rt.Start.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)
                : $"{rt.Start.ToString("MMMM d", CultureInfo.InvariantCulture)}–{rt.End.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}",
            Venue = rt.Venue,
            HostOrganization = rt.HostOrganization,
            SponsoringProgram = rt.SponsoringProgram,
            Texts = texts,
            ReportDateText = reportDate.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
            Signer = ToPerson(signer!),
            Rapporteurs = people.Where(p => p.IsRapporteur).Select(ToPerson).ToList(),
            ParticipantBiographies = people.Where(p => p.BiographyInReport && !p.IsRapporteur && (p.MayBeNamed || listed.Contains(p.FullName)))
                .Select(ToPerson).ToList(),
            OpenQuestions = questions.Select(q => q.Text).Where(q => texts.OpenQuestionsAlwaysListed || !AlreadyStates(texts.Recommendations, q)).ToList(),
            Appendix = sections,
            EditionNumber = editionNumber,
            Css = css,
            DocumentationPage = texts.DocumentationPage ?? DocumentationPlaces.Before,
            Cover = branding.Cover ? new ReportContent.CoverPage
            {
                InstitutionName = branding.InstitutionName, Colour = branding.Colour, LogoDataUrl = branding.LogoDataUrl,
            } : null,
        };
        return outcome;
    }

    /// <summary>Whether the recommendations text already states the question (the same words, whatever the spacing, case or Markdown).</summary>
    private static bool AlreadyStates(string? text, string question)
    {
        static string Words(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant()).Where(w => w.Length > 0));
        var q = Words(question);
        return q.Length > 0 && (" " + Words(text ?? "") + " ").Contains(" " + q + " ", StringComparison.Ordinal);
    }
}
