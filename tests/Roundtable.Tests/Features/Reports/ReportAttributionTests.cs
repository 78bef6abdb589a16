using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;
using UglyToad.PdfPig;

namespace Roundtable.Tests.Features.Reports;

/// <summary>
/// The printed report follows the house: chosen part headings, "(audience)" and the affiliation phrase on a named
/// audience member's first statement only, a first-mention form once, the "Discussion." division as chosen, and
/// no biography or name of someone who may not be named in any printed part unless an organizer overrode the check.
/// </summary>
public sealed class ReportAttributionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task ExecuteAsync(string sql, object args)
    {
        await using var conn = await app.Db.OpenAsync();
        await conn.ExecuteAsync(sql, args);
    }

    [Fact]
    public async Task The_pdf_prints_the_chosen_headings_the_audience_suffix_once_the_first_mention_once_and_no_unnamed_biography()
    {
        var s = await ReportScenario.CreateAsync(app, approveAll: false);
        await ExecuteAsync("UPDATE people SET first_mention_name = 'Nora Quinn Named' WHERE full_name = 'Nora Named'", new { });
        await ExecuteAsync("""
            UPDATE participations SET audience_phrase = 'of the Harbor Strategy Group'
            WHERE roundtable_id = @r AND person_id IN (SELECT id FROM people WHERE full_name = 'William Tate')
            """, new { r = s.RoundtableId });
        await ExecuteAsync("""
            UPDATE participations SET biography_in_report = TRUE
            WHERE roundtable_id = @r AND person_id IN (SELECT id FROM people WHERE full_name = 'James Harlan')
            """, new { r = s.RoundtableId });
        var tate = await app.Db.OpenAsync().ContinueWith(async t =>
        {
            await using var conn = await t;
            return await conn.ExecuteScalarAsync<long>("SELECT pa.id FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.roundtable_id = @r AND p.full_name = 'William Tate'", new { r = s.RoundtableId });
        }).Unwrap();
        await s.AddAsync(3, tate, "asked again whether anyone had asked the towns.", audience: true);
        var noHeading = await app.Run<SetDiscussionHeading, WriteResult<bool>>(f => f.HandleAsync(s.Presentations[4], false, s.OrganizerId, CancellationToken.None));
        Assert.True(noHeading.Ok);
        for (var i = 0; i < 6; i++)
        {
            await s.ApproveAsync(i);
        }
        await s.SaveTextsAsync(f =>
        {
            f.Headings.Rapporteurs = "Biographical Sketches of the Authors";
            f.Headings.Recommendations = "Where Do We Go Next?";
            f.Headings.Discussion = "Exchange.";
            f.Recommendations = "Meet again. Who should pay for new ports?";
            return f;
        });
        await app.Run<AddOpenQuestion, long>(f => f.HandleAsync(s.RoundtableId, new OpenQuestionForm { Text = "Who should pay for new ports?" }, CancellationToken.None));
        await app.Run<AddOpenQuestion, long>(f => f.HandleAsync(s.RoundtableId, new OpenQuestionForm { Text = "Can the coast guards train together?" }, CancellationToken.None));

        var assembled = await s.AssembleAsync();
        Assert.True(assembled.Ok, string.Join("; ", assembled.Errors.Select(e => e.Message)));
        // Harlan's biography was selected, but he may not be named: a hit that blocks publishing, and left out of the print.
        var edition = (await s.EditionAsync(1))!;
        var leak = Assert.Single((await ListedAsync(s, 1)).LeakList);
        Assert.Equal("Among the participants: James Harlan", leak.Place);
        Assert.False((await s.PublishAsync(1)).Ok);

        using var document = PdfDocument.Open(edition.Pdf!);
        var all = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("Biographical Sketches of the Authors", all);
        Assert.Contains("Where Do We Go Next?", all);
        Assert.DoesNotContain("Where Should We Go from Here?", all, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, Count(all, "William Tate of the Harbor Strategy Group (audience) noted"));
        Assert.Equal(1, Count(all, "William Tate asked again"));
        Assert.Equal(1, Count(all, "Nora Quinn Named"));
        Assert.Contains("Nora Quinn Named opened by describing the thaw", all);
        Assert.Contains("Nora Named replied", all);
        Assert.DoesNotContain("James Harlan writes on competition", all);
        Assert.DoesNotContain("Harlan", all);
        // "Exchange." divides every discussion but the one whose rapporteur left the division out.
        Assert.Equal(4, Count(all, "Exchange."));
        // The open question already in the recommendations text prints once; the other is listed.
        Assert.Equal(1, Count(all, "Who should pay for new ports?"));
        Assert.Contains("Can the coast guards train together?", all);

        // An organizer who knows better overrides the hit with a reason: the next edition prints the biography and can be published.
        var overridden = await app.Run<OverrideReportLeak, Result<bool>>(f => f.HandleAsync(s.RoundtableId,
            new ReportLeakOverrideForm { Place = leak.Place, Term = leak.Term, Reason = "He agreed to be listed among the participants, not quoted." }, s.OrganizerId, CancellationToken.None));
        Assert.True(overridden.Ok);
        Assert.True((await s.AssembleAsync()).Ok);
        var second = (await s.EditionAsync(2))!;
        Assert.Empty((await ListedAsync(s, 2)).LeakList);
        Assert.Contains("James Harlan writes on competition", second.Html);
    }

    [Fact]
    public async Task Names_that_may_not_appear_are_caught_in_every_printed_part()
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f =>
        {
            f.Title = "Competition, as Harlan sees it";
            f.Abstract = "Quentin Quiet and others met.";
            f.Foreword = "We thank Jim for his candour.";
            f.ConferenceSummary = "One participant (Olga Other) argued for restraint.";
            return f;
        });
        await ExecuteAsync("UPDATE people SET biography = 'Rafael Rapporteur once worked with Quentin Quiet.' WHERE full_name = 'Rafael Rapporteur'", new { });
        var findings = await app.Run<CheckReportLeaks, IReadOnlyList<CheckReportLeaks.Finding>>(f => f.HandleAsync(s.RoundtableId, CancellationToken.None));
        Assert.Equal(["Title page", "Report documentation page: abstract", "Foreword", "Conference summary", "Biographical sketch: Rafael Rapporteur"],
            findings.Select(f => f.Place).Distinct());
        Assert.True((await s.AssembleAsync()).Ok);
        Assert.Equal(5, (await ListedAsync(s, 1)).LeakList.Count);

        // The report page lists them, and an organizer's reason lets one stand for the text as it is.
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        var page = await organizer.GetPageAsync($"/roundtables/{s.RoundtableId}/report");
        Assert.Equal(5, page.QuerySelectorAll("#leak-check li.open").Length);
        var response = await organizer.PostFormAsync($"/roundtables/{s.RoundtableId}/report", $"/roundtables/{s.RoundtableId}/report/leaks/override",
            new() { ["Place"] = "Foreword", ["Term"] = "Jim", ["Reason"] = "Jim is the ship's cat, not James Harlan." });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        page = await organizer.GetPageAsync($"/roundtables/{s.RoundtableId}/report");
        Assert.Equal(4, page.QuerySelectorAll("#leak-check li.open").Length);
        Assert.Contains("ship's cat", page.QuerySelector("#leak-check li.overridden")!.TextContent);
    }

    [Fact]
    public async Task A_heading_left_empty_is_refused_and_nothing_is_saved()
    {
        var s = await ReportScenario.CreateAsync(app);
        using var organizer = await app.SignInAsync(s.OrganizerEmail);
        var url = $"/roundtables/{s.RoundtableId}/report";
        var refused = await organizer.PostFormAsync(url, url, new()
        {
            ["Form.Foreword"] = "A foreword that must not be saved.", ["Form.Headings.Appendix"] = "", ["Form.Headings.Foreword"] = "Preface",
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, refused.StatusCode);
        var page = await WebSession.ParseAsync(refused);
        Assert.Contains("A heading cannot be left empty", page.Body!.TextContent);
        var texts = await app.Run<GetReport, ReportForm>(f => f.HandleAsync(s.RoundtableId, CancellationToken.None));
        Assert.Equal("We held a roundtable.", texts.Foreword);
        Assert.Equal(("Foreword", "Appendix: Proceedings (Edited)"), (texts.Headings.Foreword, texts.Headings.Appendix));

        await organizer.SubmitAsync(url, url, new() { ["Form.Headings.Foreword"] = "Preface" });
        texts = await app.Run<GetReport, ReportForm>(f => f.HandleAsync(s.RoundtableId, CancellationToken.None));
        Assert.Equal("Preface", texts.Headings.Foreword);
    }

    [Fact]
    public async Task Presentation_labels_copy_as_written_and_stay_apart_from_their_titles_in_text_and_bookmarks()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var edition = (await s.EditionAsync(1))!;
        using var document = PdfDocument.Open(edition.Pdf!);
        var words = document.GetPages().SelectMany(p => p.GetWords().Select(w => w.Text)).ToList();
        var all = string.Join(" ", words);
        Assert.Contains("Second Presentation No Questions Asked", all);
        Assert.DoesNotContain("S econd", all);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        static IEnumerable<UglyToad.PdfPig.Outline.BookmarkNode> All(IEnumerable<UglyToad.PdfPig.Outline.BookmarkNode> nodes) =>
            nodes.SelectMany(n => All(n.Children).Prepend(n));
        var titles = All(bookmarks.GetNodes()).Select(n => n.Title).ToList();
        Assert.True(titles.Any(t => t.Contains("Second Presentation No Questions Asked", StringComparison.Ordinal)), string.Join(" | ", titles));
        Assert.Contains("Second Presentation No Questions Asked", edition.TextContent.ReplaceLineEndings(" "));
    }

    private async Task<ListEditions.Row> ListedAsync(ReportScenario s, int number) =>
        (await app.Run<ListEditions, IReadOnlyList<ListEditions.Row>>(f => f.HandleAsync(s.RoundtableId, CancellationToken.None))).Single(e => e.Number == number);

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
