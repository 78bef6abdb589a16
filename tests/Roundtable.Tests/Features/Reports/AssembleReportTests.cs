using AngleSharp;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Infrastructure;
using UglyToad.PdfPig;

namespace Roundtable.Tests.Features.Reports;

public sealed class AssembleReportTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The edition's HTML as a reader reads it: without the soft hyphens its running text carries for the print.</summary>
    private static async Task<AngleSharp.Dom.IDocument> ParseAsync(string html) =>
        await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html.Replace("\u00AD", "", StringComparison.Ordinal)));

    [Fact]
    public async Task The_report_prints_every_part_in_order_with_published_labels()
    {
        var s = await ReportScenario.CreateAsync(app);
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE participations SET biography_in_report = TRUE WHERE roundtable_id = @r AND person_id IN (SELECT id FROM people WHERE full_name = 'Nora Named')", new { r = s.RoundtableId });
        }
        var result = await s.AssembleAsync();
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Empty(result.Value!.Warnings);
        Assert.Equal(0, result.Value.LeakHits);
        var doc = await ParseAsync((await s.EditionAsync(1))!.Html);

        var parts = doc.QuerySelectorAll("section[id], nav[id]").Select(e => e.Id!).Where(id => !id.StartsWith("presentation-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["report-documentation", "title-page", "contents", "foreword", "rapporteurs", "among-the-participants",
            "conference-summary", "policy-implications", "where-next", "appendix"], parts);
        Assert.Contains("Special report on the roundtable held", doc.QuerySelector("#title-page")!.TextContent);
        Assert.Contains("Rafael Rapporteur and Rosa Rapporteur", doc.QuerySelector("#report-documentation")!.TextContent);
        Assert.Contains("Diana Director", doc.QuerySelector("#foreword .signature")!.TextContent);
        Assert.Contains("Nora Named is a named presenter.", doc.QuerySelector("#among-the-participants")!.TextContent);
        Assert.DoesNotContain("James Harlan writes", doc.Body!.TextContent);

        var sections = doc.QuerySelectorAll("#appendix section.presentation").ToList();
        Assert.Equal(["Initial Presentation", "Second Presentation", "Third Presentation", "Fourth Presentation", "Fifth Presentation", "Final Presentation"],
            sections.Select(x => x.QuerySelector(".ordinal")!.TextContent));
        Assert.Equal("Opening the Ice", sections[0].QuerySelector(".presentation-title")!.TextContent);
        string[] Labels(int i) => sections[i].QuerySelectorAll(".speaker").Select(x => x.TextContent).ToArray();

        Assert.StartsWith("Nora Named opened", sections[0].QuerySelector("p")!.TextContent);
        Assert.Equal(["William Tate", "Nora Named"], Labels(0));
        Assert.Null(sections[1].QuerySelector("h4"));
        Assert.Empty(Labels(1));
        Assert.StartsWith("The presenter argued", sections[2].QuerySelector("p")!.TextContent);
        Assert.Equal(["A participant", "The presenter"], Labels(2));
        Assert.Equal(["William Tate (audience)", "A member of the audience"], Labels(3));
        Assert.Equal(["A participant", "Another participant", "The first participant"], Labels(4));
        Assert.Equal("Discussion.", sections[4].QuerySelector("h4")!.TextContent);
        Assert.Equal("A participant asked who coordinates them.", sections[4].QuerySelectorAll("p")[1].TextContent);

        foreach (var hidden in new[] { "Harlan", "Quentin", "Quiet", "Olga", "Annie" })
        {
            Assert.DoesNotContain(hidden, doc.QuerySelector("#appendix")!.TextContent, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_pdf_reads_back_with_headings_in_order_labels_and_bookmarks()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var pdf = (await s.EditionAsync(1))!.Pdf!;
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var all = string.Join("\n", pages);

        // Headings as written (the page numbers and running heads are read in PrintedReportTests).
        var headings = new[] { "Report Documentation Page", "Contents", "Foreword", "Biographical Sketches", "Conference Summary", "Policy Implications",
            "Where Should We Go from Here?", "Appendix: Proceedings" };
        var at = headings.Select(h => all.IndexOf(h, StringComparison.Ordinal)).ToArray();
        Assert.All(at, i => Assert.True(i >= 0, "a heading is missing: " + string.Join(" | ", headings.Where(h => !all.Contains(h, StringComparison.Ordinal)))));
        Assert.Equal(at.Order().ToArray(), at);
        Assert.Contains("The presenter replied", all);
        Assert.Contains("The first participant agreed", all);
        Assert.Contains("A member of the audience wondered", all);

        Assert.True(document.TryGetBookmarks(out var bookmarks), "the PDF has no outline");
        var titles = bookmarks.GetNodes().Select(n => n.Title).ToList();
        Assert.Contains("Conference Summary", titles, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(titles, t => t.Contains("Final Presentation", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_pdf_is_set_in_the_bundled_typeface_even_on_a_machine_without_it()
    {
        // The test machine has no Liberation fonts installed (CI installs none): every glyph comes from the bundled files.
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.Foreword = "We thank Łukasz Gómez, Zoë Øster-Ågren and Dũng Nguyễn."; return f; });
        Assert.True((await s.AssembleAsync()).Ok);
        using var document = PdfDocument.Open((await s.EditionAsync(1))!.Pdf!);
        var letters = document.GetPages().SelectMany(p => p.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("We thank Łukasz Gómez, Zoë Øster-Ågren and Dũng Nguyễn.", text, StringComparison.Ordinal);
        // A subset's name is "ABCDEF+LiberationSerif-Bold"; the regular, italic, bold and bold italic faces are all used.
        var faces = letters.Select(l => l.FontName ?? "").Select(n => n[(n.IndexOf('+', StringComparison.Ordinal) + 1)..]).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-BoldItalic", "LiberationSerif-Italic"], faces);
    }

    [Fact]
    public async Task Later_edits_never_change_an_edition()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var before = (await s.EditionAsync(1))!;
        await s.SaveTextsAsync(f => { f.ConferenceSummary = "A completely different summary."; return f; });
        var participant = (await app.Run<ListParticipants, IReadOnlyList<ListParticipants.Row>>(l => l.HandleAsync(s.RoundtableId, null, CancellationToken.None)))
            .Single(p => p.FullName == "Rosa Rapporteur");
        Assert.True((await app.Run<RemoveParticipant, Result<bool>>(r => r.HandleAsync(s.RoundtableId, participant.Id, CancellationToken.None))).Value);

        var after = (await s.EditionAsync(1))!;
        Assert.Equal(before.Html, after.Html);
        Assert.Equal(before.Pdf, after.Pdf);
        Assert.Contains("Rosa Rapporteur", after.Html);

        var second = await s.AssembleAsync();
        Assert.True(second.Ok);
        Assert.Equal(2, second.Value!.Number);
        var edition2 = (await s.EditionAsync(2))!;
        Assert.Contains("A completely different summary.", edition2.Html);
        Assert.DoesNotContain("Rosa Rapporteur", edition2.Html);
    }

    [Fact]
    public async Task An_unapproved_presentation_warns_and_publishing_it_needs_a_reason()
    {
        var s = await ReportScenario.CreateAsync(app, approveAll: false);
        var result = await s.AssembleAsync();
        Assert.True(result.Ok);
        Assert.Equal(6, result.Value!.Warnings.Count(w => w.Contains("not approved", StringComparison.Ordinal)));
        var refused = await s.PublishAsync(1);
        Assert.False(refused.Ok);
        Assert.Contains("give the reason", refused.Errors[0].Message);
        Assert.True((await s.PublishAsync(1, "The board asked for an early draft.")).Ok);
    }

    [Fact]
    public async Task A_name_that_leaks_blocks_publishing()
    {
        var s = await ReportScenario.CreateAsync(app);
        await s.SaveTextsAsync(f => { f.ConferenceSummary = "As Harlan said, competition is normal."; return f; });
        var result = await s.AssembleAsync();
        Assert.True(result.Ok);
        Assert.Equal(1, result.Value!.LeakHits);
        var refused = await s.PublishAsync(1, "override attempt");
        Assert.False(refused.Ok);
        Assert.Contains("may not be named", refused.Errors[0].Message);

        await s.SaveTextsAsync(f => { f.ConferenceSummary = "As one participant said, competition is normal."; return f; });
        var clean = await s.AssembleAsync();
        Assert.Equal(0, clean.Value!.LeakHits);
        Assert.True((await s.PublishAsync(2)).Ok);
    }

    [Fact]
    public async Task Assembly_refuses_with_clear_messages_and_writes_nothing()
    {
        var org = await app.CreateUserAsync("empty@report.example.org", Roundtable.Web.Infrastructure.Roles.Organizer);
        var rid = await app.RoundtableAsync(org, "Empty");
        var bio = await app.ParticipantAsync(rid, await app.PersonAsync("Bio Less", "bioless@report.example.org"), true, "participant");
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE participations SET biography_in_report = TRUE WHERE id = @bio", new { bio });
        }
        var result = await app.Run<Roundtable.Web.Features.Reports.AssembleEdition, Roundtable.Web.Infrastructure.Result<Roundtable.Web.Features.Reports.AssembleEdition.Assembled>>(
            a => a.HandleAsync(rid, org, CancellationToken.None));
        Assert.False(result.Ok);
        var messages = string.Join("\n", result.Errors.Select(e => e.Message));
        Assert.Contains("no presentations", messages);
        Assert.Contains("no signer", messages);
        Assert.Contains("Bio Less is selected", messages);
        await using var check = await app.Db.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM report_editions WHERE roundtable_id = @rid", new { rid }));
    }

    [Fact]
    public async Task What_the_caller_writes_alongside_commits_with_the_edition_or_neither_is_kept()
    {
        var s = await ReportScenario.CreateAsync(app);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Run<Roundtable.Web.Features.Reports.AssembleEdition, Roundtable.Web.Infrastructure.Result<Roundtable.Web.Features.Reports.AssembleEdition.Assembled>>(
            a => a.HandleAsync(s.RoundtableId, s.OrganizerId, CancellationToken.None, (_, _, _) => throw new InvalidOperationException("interrupted"))));
        Assert.Equal("interrupted", failed.Message);
        Assert.Null(await s.EditionAsync(1));

        long seen = 0;
        var kept = await app.Run<Roundtable.Web.Features.Reports.AssembleEdition, Roundtable.Web.Infrastructure.Result<Roundtable.Web.Features.Reports.AssembleEdition.Assembled>>(
            a => a.HandleAsync(s.RoundtableId, s.OrganizerId, CancellationToken.None, async (conn, tx, e) =>
                seen = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM report_editions WHERE id = @id", new { id = e.Id }, tx)));
        Assert.Equal(1, seen);
        Assert.Equal(1, kept.Value!.Number);
        Assert.NotNull(await s.EditionAsync(1));
    }

    [Fact]
    public async Task Statements_written_before_their_html_was_stored_print_exactly_the_same()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.True(await conn.ExecuteAsync("UPDATE statements SET html = NULL WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @id)", new { id = s.RoundtableId }) > 0);
        }
        Assert.True((await s.AssembleAsync()).Ok);
        async Task<string> AppendixAsync(int number) =>
            string.Concat((await ParseAsync((await s.EditionAsync(number))!.Html)).QuerySelectorAll("section.presentation").Select(e => e.OuterHtml));
        var stored = await AppendixAsync(1);
        Assert.Contains("class=\"speaker\"", stored);
        Assert.Equal(stored, await AppendixAsync(2));
    }
}
