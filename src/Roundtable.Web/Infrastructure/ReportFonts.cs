using System.Collections.Frozen;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// The report's typefaces (Liberation Serif, SIL OFL 1.1, and DejaVu Serif as its fallback for other scripts, Bitstream
/// Vera licence), shipped in templates/report/fonts rather than taken from the host: a machine without them would print
/// in another face with other metrics and other page breaks. The report's stylesheet names the fonts by <see cref="UrlPath"/>, an address that never changes, because every edition keeps the
/// stylesheet it was assembled with: the site serves the folder there, and the PDF renderer answers Chromium's requests
/// for it from <see cref="Find"/>.
/// </summary>
public static class ReportFonts
{
    public const string UrlPath = "/report/fonts";

    public const string ContentType = "font/ttf";

    public static string Folder => Path.Combine(TemplateFiles.Root, "report", "fonts");

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(() =>
        Directory.GetFiles(Folder, "*.ttf").ToFrozenDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal));

    /// <summary>The bytes of one bundled font file by its name ("LiberationSerif-Regular.ttf"), or null.</summary>
    public static byte[]? Find(string fileName) => Files.Value.GetValueOrDefault(fileName);
}
