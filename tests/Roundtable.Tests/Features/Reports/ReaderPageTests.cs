using System.Net;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Reports;

/// <summary>The edition page for organizers and rapporteurs, the participants' signed link, and the Word download.</summary>
public sealed class ReaderPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private ReportLinks Links => (ReportLinks)app.Services.GetService(typeof(ReportLinks))!;

    private static void OpensOnTheTitleAndContents(AngleSharp.Dom.IDocument page)
    {
        var headings = page.QuerySelectorAll("h1, h2").ToList();
        Assert.Equal("report-title", headings[0].ClassName);
        Assert.Equal("contents", headings[1].Closest("nav")?.Id);
        // The documentation page is still there, after the report, and the bar links to it.
        Assert.Equal("report-documentation", page.QuerySelectorAll("section[id]").Last().Id);
        Assert.NotNull(page.QuerySelector(".reader-bar a[href='#report-documentation']"));
        Assert.NotNull(page.QuerySelector("meta[name=viewport]"));
        // One main landmark holding the whole report, the bar outside it (axe's landmark-one-main and region).
        var main = Assert.Single(page.QuerySelectorAll("main"));
        Assert.Same(main, headings[0].Closest("main"));
        Assert.Same(main, page.GetElementById("report-documentation")!.Closest("main"));
        Assert.Null(page.QuerySelector(".reader-bar")!.Closest("main"));
    }

    [Fact]
    public async Task Organizers_and_the_roundtables_rapporteurs_download_any_edition_as_word_and_others_cannot()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        var url = $"/roundtables/{s.RoundtableId}/report/editions/1";
        using var organizer = await app.SignInAsync(s.OrganizerEmail);

        var page = await organizer.GetPageAsync(url);
        OpensOnTheTitleAndContents(page);
        Assert.Equal(url + "/pdf", page.QuerySelector("#download-pdf")!.GetAttribute("href"));
        Assert.Equal(url + "/docx", page.QuerySelector("#download-docx")!.GetAttribute("href"));
        var report = await organizer.GetPageAsync($"/roundtables/{s.RoundtableId}/report");
        Assert.NotNull(report.QuerySelector($"#edition-list a[href='{url}/docx']"));

        var docx = await organizer.Client.GetAsync(url + "/docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal(BuildEditionDocx.ContentType, docx.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"report-{s.RoundtableId}-edition-1.docx", docx.Content.Headers.ContentDisposition!.FileNameStar ?? docx.Content.Headers.ContentDisposition.FileName);
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(await docx.Content.ReadAsStreamAsync(), false))
        {
            Assert.Contains("Opening the Ice", word.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.Client.GetAsync(url.Replace("/1", "/9", StringComparison.Ordinal) + "/docx")).StatusCode);

        long rafael;
        await using (var conn = await app.Db.OpenAsync())
        {
            rafael = await conn.ExecuteScalarAsync<long>("""
                SELECT pa.person_id FROM participations pa JOIN people p ON p.id = pa.person_id
                WHERE pa.roundtable_id = @r AND p.full_name = 'Rafael Rapporteur'
                """, new { r = s.RoundtableId });
        }
        var rapporteurEmail = $"rafael-{s.RoundtableId}@report.example.org";
        await app.CreateUserAsync(rapporteurEmail, Roles.Rapporteur, personId: rafael);
        using var rapporteur = await app.SignInAsync(rapporteurEmail);
        Assert.Equal(HttpStatusCode.OK, (await rapporteur.Client.GetAsync(url + "/docx")).StatusCode);

        var strangerEmail = $"stranger-{s.RoundtableId}@report.example.org";
        await app.CreateUserAsync(strangerEmail, Roles.Organizer);
        using var stranger = await app.SignInAsync(strangerEmail);
        Assert.True((await stranger.Client.GetAsync(url + "/docx")).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden);
        using var anonymous = app.NewClient();
        var challenged = await anonymous.GetAsync(url + "/docx");
        Assert.Equal(HttpStatusCode.Redirect, challenged.StatusCode);
        Assert.Contains("/account/login", challenged.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_participants_signed_link_opens_on_the_title_with_the_pdf_under_the_same_key_and_no_word_copy()
    {
        var s = await ReportScenario.CreateAsync(app);
        Assert.True((await s.AssembleAsync()).Ok);
        Assert.True((await s.PublishAsync(1)).Ok);
        var link = Links.Path(s.RoundtableId, s.Director);
        using var reader = new WebSession(app.NewClient());

        var response = await reader.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = await reader.GetPageAsync(link);
        OpensOnTheTitleAndContents(page);
        Assert.Null(page.QuerySelector("#download-docx"));
        Assert.Null(page.QuerySelector("script"));
        var pdfLink = page.QuerySelector("#download-pdf")!.GetAttribute("href")!;
        Assert.Equal(link.Replace("?key=", "/pdf?key=", StringComparison.Ordinal), pdfLink);
        var pdf = await reader.Client.GetAsync(pdfLink);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);

        // The link's checks are unchanged: an altered key is refused, Word is not for link holders.
        var altered = await reader.Client.GetAsync(link[..^3] + "abc");
        Assert.Equal(HttpStatusCode.Forbidden, altered.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await reader.Client.GetAsync($"/roundtables/{s.RoundtableId}/report/editions/1/docx")).StatusCode);
    }
}
