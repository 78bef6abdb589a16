using System.Text;

namespace Roundtable.Web.Features.People;

/// <summary>
/// The text of an uploaded CSV file. UTF-8 (with or without a byte order mark) is read as it is; a file that is not
/// valid UTF-8 is almost always a spreadsheet's "CSV" in the Western European code page, so it is read as Windows-1252
/// and the organizer is told, instead of every accented letter turning into "�" without a word.
/// </summary>
public static class CsvFileText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public const string Windows1252Notice =
        "The file is not UTF-8, so it was read as Windows-1252 (Western European, as Excel saves \"CSV\"). Check that the names below read correctly before importing; if not, save the file as \"CSV UTF-8\" and preview it again.";

    public static (string Text, string? Notice) Decode(byte[] bytes)
    {
        var preamble = Encoding.UTF8.Preamble;
        if (bytes.AsSpan().StartsWith(preamble))
        {
            return (StrictUtf8.GetString(bytes, preamble.Length, bytes.Length - preamble.Length), null);
        }
        if (bytes.AsSpan().StartsWith(Encoding.Unicode.Preamble) || bytes.AsSpan().StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return (reader.ReadToEnd(), null);
        }
        try
        {
            return (StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return (CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes), Windows1252Notice);
        }
    }
}
