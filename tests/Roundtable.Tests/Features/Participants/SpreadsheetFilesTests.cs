using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Participants;

/// <summary>The writer behind every download: what a spreadsheet would run is escaped; what XML cannot carry is dropped.</summary>
public sealed class SpreadsheetFilesTests
{
    private static readonly string[] Risky = ["=1+1", "+44 20 7946 0000", "-2", "@SUM(A1)", "\tTabbed", "\rReturn", "plain", "a=b"];

    [Fact]
    public void Every_value_a_spreadsheet_would_run_gets_an_apostrophe_in_csv_and_nothing_else_does()
    {
        var sheet = new Sheet { Name = "T", Headers = ["value"], Rows = [.. Risky.Select(v => (IReadOnlyList<string>)[v])] };
        using var reader = new StreamReader(new MemoryStream(Spreadsheets.Csv(sheet)));
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var values = new List<string>();
        while (csv.Read())
        {
            values.Add(csv.Record![0]);
        }
        Assert.Equal(["value", "'=1+1", "'+44 20 7946 0000", "'-2", "'@SUM(A1)", "'\tTabbed", "'\rReturn", "plain", "a=b"], values);
    }

    [Fact]
    public void An_xlsx_with_control_characters_emoji_and_many_columns_is_valid_and_keeps_the_text()
    {
        var headers = Enumerable.Range(1, 30).Select(i => "c" + i).ToList();
        var row = headers.Select(h => h).ToList();
        row[0] = "bell\u0007 and \U0001F600 and tab\tend";
        row[29] = "=cmd|' /C calc'!A0";
        var sheet = new Sheet { Name = "Participants", Headers = headers, Rows = [row], ForPaper = true };
        using var doc = SpreadsheetDocument.Open(new MemoryStream(Spreadsheets.Xlsx(sheet)), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc).Select(e => e.Description));
        var cells = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
        Assert.Equal("AD2", cells[^1].CellReference!.Value);
        Assert.Equal("=cmd|' /C calc'!A0", cells[^1].InnerText);
        Assert.Equal("bell and \U0001F600 and tab\tend", cells.Single(c => c.CellReference == "A2").InnerText);
    }

    [Theory]
    [InlineData("csv", SheetFormat.Csv)]
    [InlineData(null, SheetFormat.Csv)]
    [InlineData("XLSX", SheetFormat.Xlsx)]
    [InlineData("pdf", null)]
    public void Formats_are_csv_or_xlsx(string? given, SheetFormat? expected) => Assert.Equal(expected, Spreadsheets.ParseFormat(given));
}
