using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Participants;

/// <summary>Participants, the attendance sheet and the directory as CSV and XLSX, read back with CsvHelper and the Open XML SDK.</summary>
public sealed class ExportsWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The CSV's lines as fields, parsed by CsvHelper (the header first).</summary>
    private static List<string[]> ReadCsv(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "The CSV starts with a UTF-8 byte order mark, for Excel.");
        using var reader = new StreamReader(new MemoryStream(bytes));
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var lines = new List<string[]>();
        while (csv.Read())
        {
            lines.Add(csv.Record!);
        }
        return lines;
    }

    /// <summary>The first worksheet's cells as text, row by row; every cell must be a string (never a formula or a number).</summary>
    private static List<string[]> ReadXlsx(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var part = doc.WorkbookPart!.WorksheetParts.Single();
        var rows = new List<string[]>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = row.Elements<Cell>().ToList();
            Assert.All(cells, c => Assert.Null(c.CellFormula));
            Assert.All(cells, c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
            rows.Add(cells.Select(c => c.InlineString!.InnerText).ToArray());
        }
        return rows;
    }

    private async Task<(long Rid, WebSession Web)> RoundtableAsync(string email, string title)
    {
        var org = await app.CreateUserAsync(email, Roles.Organizer);
        return (await app.RoundtableAsync(org, title), await app.SignInAsync(email));
    }

    private static async Task<byte[]> DownloadAsync(WebSession web, string url, string contentType)
    {
        var response = await web.Client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Content.Headers.ContentDisposition!.FileName);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<long> ScenarioAsync(long rid)
    {
        var ada = await app.ParticipantAsync(rid, await app.PersonAsync("Ada Zephyr", $"ada{rid}@export.example.org"), true, "organizer", "rapporteur");
        var bob = await app.ParticipantAsync(rid, await app.PersonAsync("Bob Abbott", $"bob{rid}@export.example.org"), false, "participant");
        await app.ParticipantAsync(rid, await app.PersonAsync("Cyd Declined", $"cyd{rid}@export.example.org"), false, "observer");
        await using (var conn = await app.Db.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE participations SET invitation_status = 'invited' WHERE roundtable_id = @rid", new { rid });
        }
        foreach (var (id, answer, comment) in new[] { (ada, "accepted", "Vegetarian; arriving 9:40 by train"), (bob, "accepted", "=HYPERLINK(\"http://evil.example\",\"x\")") })
        {
            var result = await app.Run<AnswerRsvp, Result<Invitee>>(a => a.HandleAsync(id, answer, comment, CancellationToken.None));
            Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        }
        var cyd = (await app.Run<ListParticipants, IReadOnlyList<ListParticipants.Row>>(l => l.HandleAsync(rid, null, CancellationToken.None))).Single(p => p.FullName == "Cyd Declined");
        Assert.True((await app.Run<AnswerRsvp, Result<Invitee>>(a => a.HandleAsync(cyd.Id, "declined", "", CancellationToken.None))).Ok);
        return ada;
    }

    [Fact]
    public async Task Participants_export_as_csv_with_roles_answers_comments_consent_and_flags_and_formulas_escaped()
    {
        var (rid, web) = await RoundtableAsync("export-csv@export.example.org", "Exported");
        using var _ = web;
        await ScenarioAsync(rid);
        var lines = ReadCsv(await DownloadAsync(web, $"/api/roundtables/{rid}/participants/export?format=csv", "text/csv"));
        Assert.Equal(ExportParticipants.Headers, lines[0]);
        Assert.Equal(4, lines.Count);
        var col = ExportParticipants.Headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        var ada = lines.Single(l => l[col["full_name"]] == "Ada Zephyr");
        Assert.Equal("organizer; rapporteur", ada[col["roles"]]);
        Assert.Equal("accepted", ada[col["rsvp_answer"]]);
        Assert.Equal("Vegetarian; arriving 9:40 by train", ada[col["rsvp_comment"]]);
        Assert.Equal("yes", ada[col["may_be_named"]]);
        Assert.Equal("yes", ada[col["attended"]]);
        Assert.Equal("no", ada[col["biography_in_report"]]);
        Assert.Equal($"ada{rid}@export.example.org", ada[col["email"]]);
        var bob = lines.Single(l => l[col["full_name"]] == "Bob Abbott");
        Assert.Equal("no", bob[col["may_be_named"]]);
        // The comment a spreadsheet would run as a formula is written as text: a leading apostrophe.
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", bob[col["rsvp_comment"]]);
        Assert.Equal("declined", lines.Single(l => l[col["full_name"]] == "Cyd Declined")[col["rsvp_answer"]]);

        // The page's link gives the same file.
        Assert.Equal(ReadCsv(await DownloadAsync(web, $"/roundtables/{rid}/participants/export?format=csv", "text/csv")), lines);
    }

    [Fact]
    public async Task Participants_export_as_xlsx_opens_and_reads_back_with_every_value_as_text()
    {
        var (rid, web) = await RoundtableAsync("export-xlsx@export.example.org", "Exported to Excel");
        using var _ = web;
        await ScenarioAsync(rid);
        var rows = ReadXlsx(await DownloadAsync(web, $"/api/roundtables/{rid}/participants/export?format=xlsx", Spreadsheets.XlsxType));
        Assert.Equal(ExportParticipants.Headers, rows[0]);
        var comment = Array.IndexOf(ExportParticipants.Headers.ToArray(), "rsvp_comment");
        var bob = rows.Single(r => r.Contains("Bob Abbott"));
        // In XLSX the formula stays as typed, but in a text cell, which no spreadsheet runs.
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"x\")", bob[comment]);
        Assert.Equal("Vegetarian; arriving 9:40 by train", rows.Single(r => r.Contains("Ada Zephyr"))[comment]);
    }

    [Fact]
    public async Task The_attendance_sheet_lists_everyone_but_those_who_declined_by_surname_with_a_signature_column()
    {
        var (rid, web) = await RoundtableAsync("export-desk@export.example.org", "Desk list");
        using var _ = web;
        await ScenarioAsync(rid);
        var csv = ReadCsv(await DownloadAsync(web, $"/roundtables/{rid}/participants/attendance-sheet?format=csv", "text/csv"));
        Assert.Equal([["Name", "Affiliation", "Signature"], ["Bob Abbott", "Test Institute", ""], ["Ada Zephyr", "Test Institute", ""]], csv);
        var xlsx = await DownloadAsync(web, $"/api/roundtables/{rid}/participants/attendance-sheet?format=xlsx", Spreadsheets.XlsxType);
        Assert.Equal(csv, ReadXlsx(xlsx));
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        Assert.True(doc.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<PrintOptions>()!.GridLines!.Value);
    }

    [Fact]
    public async Task An_empty_roundtable_exports_files_with_the_headers_only()
    {
        var (rid, web) = await RoundtableAsync("export-empty@export.example.org", "Nobody yet");
        using var _ = web;
        Assert.Equal([ExportParticipants.Headers.ToArray()], ReadCsv(await DownloadAsync(web, $"/api/roundtables/{rid}/participants/export?format=csv", "text/csv")));
        Assert.Equal([ExportParticipants.Headers.ToArray()], ReadXlsx(await DownloadAsync(web, $"/api/roundtables/{rid}/participants/export?format=xlsx", Spreadsheets.XlsxType)));
        Assert.Equal([["Name", "Affiliation", "Signature"]], ReadXlsx(await DownloadAsync(web, $"/api/roundtables/{rid}/participants/attendance-sheet?format=xlsx", Spreadsheets.XlsxType)));
    }

    [Fact]
    public async Task An_unknown_format_is_400_and_only_the_roundtables_organizers_may_export()
    {
        var (rid, web) = await RoundtableAsync("export-rights@export.example.org", "Guarded export");
        using var _ = web;
        var bad = await web.Client.GetAsync($"/api/roundtables/{rid}/participants/export?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Contains("csv or xlsx", await bad.Content.ReadAsStringAsync());

        var ritaPerson = await app.PersonAsync("Rita Exportrapporteur", "rita@export-rights.example.org");
        await app.CreateUserAsync("rita@export-rights.example.org", Roles.Rapporteur, ritaPerson);
        await app.ParticipantAsync(rid, ritaPerson, true, "rapporteur");
        await app.CreateUserAsync("export-stranger@export.example.org", Roles.Organizer);
        foreach (var who in new[] { "rita@export-rights.example.org", "export-stranger@export.example.org" })
        {
            using var other = await app.SignInAsync(who);
            foreach (var url in new[]
            {
                $"/api/roundtables/{rid}/participants/export?format=csv", $"/api/roundtables/{rid}/participants/attendance-sheet",
                $"/roundtables/{rid}/participants/export?format=xlsx", $"/roundtables/{rid}/participants/attendance-sheet?format=csv",
            })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync(url)).StatusCode);
            }
        }
        using var anonymous = app.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/roundtables/{rid}/participants/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/people/export")).StatusCode);
    }

    [Fact]
    public async Task The_directory_exports_what_the_organizer_may_read_and_its_csv_imports_back_unchanged()
    {
        var (rid, web) = await RoundtableAsync("export-people@export.example.org", "Directory export");
        using var _ = web;
        var mine = await app.PersonAsync("Dora Directory", "dora@dir-export.example.org");
        await app.ParticipantAsync(rid, mine);
        var other = await app.CreateUserAsync("export-people-other@export.example.org", Roles.Organizer);
        await app.ParticipantAsync(await app.RoundtableAsync(other, "Theirs"), await app.PersonAsync("Egon Hidden", "egon@dir-export.example.org"));
        var phoneForm = await app.Run<Roundtable.Web.Features.People.GetPerson, Roundtable.Web.Features.People.GetPerson.Row?>(g => g.HandleAsync(mine, CancellationToken.None));
        var form = phoneForm!.ToForm();
        form.Phone = "+44 20 7946 0000";
        form.Affiliation = "@Home Institute";
        Assert.True((await app.Run<Roundtable.Web.Features.People.UpdatePerson, Result<bool>>(u => u.HandleAsync(mine, form, CancellationToken.None))).Value);

        var bytes = await DownloadAsync(web, "/api/people/export?format=csv&q=dir-export", "text/csv");
        var lines = ReadCsv(bytes);
        Assert.Equal(Roundtable.Web.Features.People.ExportPeople.Headers, lines[0]);
        var dora = Assert.Single(lines.Skip(1));
        Assert.Equal("Dora Directory", dora[1]);
        Assert.Equal("'+44 20 7946 0000", dora[9]);
        Assert.Equal("'@Home Institute", dora[7]);
        Assert.Equal(lines, ReadCsv(await DownloadAsync(web, "/people/export?format=csv&q=dir-export", "text/csv")));
        Assert.Equal([.. lines.Select(l => l.Select(v => v.TrimStart('\'')).ToArray())],
            ReadXlsx(await DownloadAsync(web, "/api/people/export?format=xlsx&q=dir-export", Spreadsheets.XlsxType)));

        // The people import reads the file back as it was written: the apostrophes come off again, nothing changes.
        var preview = await web.PostJsonAsync("/api/people/import", new { csv = System.Text.Encoding.UTF8.GetString(bytes), dryRun = true });
        var rows = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows");
        Assert.Equal("update", rows[0].GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.OK, (await web.PostJsonAsync("/api/people/import", new { csv = System.Text.Encoding.UTF8.GetString(bytes) })).StatusCode);
        var after = await app.Run<Roundtable.Web.Features.People.GetPerson, Roundtable.Web.Features.People.GetPerson.Row?>(g => g.HandleAsync(mine, CancellationToken.None));
        Assert.Equal("+44 20 7946 0000", after!.Phone);
        Assert.Equal("@Home Institute", after.Affiliation);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_exports_and_the_bulk_operations()
    {
        await app.CreateUserAsync("export-doc@export.example.org", Roles.Organizer);
        using var web = await app.SignInAsync("export-doc@export.example.org");
        var doc = JsonDocument.Parse(await web.Client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/roundtables/{roundtableId}/participants/export", "/api/roundtables/{roundtableId}/participants/attendance-sheet", "/api/people/export",
            "/api/roundtables/{roundtableId}/participants/bulk", "/api/roundtables/{roundtableId}/participants/bulk-edit", "/api/roundtables/{roundtableId}/participants/import",
        })
        {
            Assert.True(doc.TryGetProperty(path, out _), path);
        }
    }
}
