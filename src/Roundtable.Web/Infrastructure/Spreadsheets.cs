using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Roundtable.Web.Infrastructure;

public enum SheetFormat { Csv, Xlsx }

/// <summary>
/// A table to download: a header line and rows of text. Every value is text on purpose: names, comments and phone
/// numbers come from people outside the organization, and a spreadsheet must never run one as a formula.
/// </summary>
public sealed class Sheet
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Headers { get; init; }
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    /// <summary>Column widths in characters (XLSX only); missing ones are 18.</summary>
    public IReadOnlyList<double> Widths { get; init; } = [];

    /// <summary>A sheet meant to be printed and signed on paper: tall rows, grid lines, the header on every page.</summary>
    public bool ForPaper { get; init; }
}

/// <summary>Writes a <see cref="Sheet"/> as CSV (CsvHelper) or XLSX (the Open XML SDK), as a file to download.</summary>
public static class Spreadsheets
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>"csv" (also no format at all) or "xlsx"; null for anything else.</summary>
    public static SheetFormat? ParseFormat(string? format) => (format ?? "csv").Trim().ToLowerInvariant() switch
    {
        "csv" or "" => SheetFormat.Csv,
        "xlsx" or "excel" => SheetFormat.Xlsx,
        _ => null,
    };

    public const string FormatRefusal = "The format must be csv or xlsx.";

    public static Microsoft.AspNetCore.Mvc.FileContentResult File(Sheet sheet, SheetFormat format, string fileStem) => format switch
    {
        SheetFormat.Xlsx => new(Xlsx(sheet), XlsxType) { FileDownloadName = fileStem + ".xlsx" },
        _ => new(Csv(sheet), CsvType) { FileDownloadName = fileStem + ".csv" },
    };

    /// <summary>
    /// UTF-8 with a byte order mark (so Excel reads accented names right), CRLF lines. A value starting with = + - @, a
    /// tab or a carriage return gets a leading apostrophe (CsvHelper's injection escape, OWASP's advice), so a
    /// spreadsheet shows it as text instead of running it; the people import takes that apostrophe off again.
    /// </summary>
    public static byte[] Csv(Sheet sheet)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            InjectionOptions = InjectionOptions.Escape,
            NewLine = "\r\n",
        };
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, config))
        {
            foreach (var header in sheet.Headers)
            {
                csv.WriteField(header);
            }
            csv.NextRecord();
            foreach (var row in sheet.Rows)
            {
                foreach (var value in row)
                {
                    csv.WriteField(value);
                }
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    /// <summary>One worksheet; every cell an inline string (never a formula or a number), the header bold and frozen.</summary>
    public static byte[] Xlsx(Sheet sheet)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, sheet.Headers, bold: true, height: null));
            var number = 1u;
            foreach (var row in sheet.Rows)
            {
                data.Append(Row(++number, row, bold: false, height: sheet.ForPaper ? 30 : null));
            }
            var columns = new Columns();
            for (var i = 0; i < sheet.Headers.Count; i++)
            {
                var width = i < sheet.Widths.Count ? sheet.Widths[i] : 18;
                columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = width, CustomWidth = true });
            }
            var worksheet = new Worksheet();
            worksheet.Append(new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
            { WorkbookViewId = 0 }));
            worksheet.Append(columns);
            worksheet.Append(data);
            if (sheet.ForPaper)
            {
                worksheet.Append(new PrintOptions { GridLines = true });
                worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            }
            worksheetPart.Worksheet = worksheet;
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = sheet.Name });
            if (sheet.ForPaper)
            {
                // The header row on every printed page.
                workbookPart.Workbook.Append(new DefinedNames(new DefinedName($"'{sheet.Name}'!$1:$1") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
            }
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint number, IReadOnlyList<string> values, bool bold, double? height)
    {
        var row = new Row { RowIndex = number };
        if (height is { } h)
        {
            row.Height = h;
            row.CustomHeight = true;
        }
        for (var i = 0; i < values.Count; i++)
        {
            row.Append(new Cell(new InlineString(new Text(XmlSafe(values[i])) { Space = SpaceProcessingModeValues.Preserve }))
            {
                CellReference = ColumnName(i) + number.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                StyleIndex = bold ? 1u : 0u,
            });
        }
        return row;
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, ApplyAlignment = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true } },
            new CellFormat { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true }) { Count = 2 });

    internal static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    /// <summary>XML 1.0 cannot carry most control characters (a pasted comment may hold one); they are dropped.</summary>
    internal static string XmlSafe(string value)
    {
        if (value.All(XmlConvertIsXmlChar))
        {
            return value;
        }
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(c).Append(value[++i]);
            }
            else if (XmlConvertIsXmlChar(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool XmlConvertIsXmlChar(char c) => System.Xml.XmlConvert.IsXmlChar(c);
}
