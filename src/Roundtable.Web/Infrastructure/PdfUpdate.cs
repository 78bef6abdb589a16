using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Changes to a PDF Chromium printed, written as an incremental update (ISO 32000-1, 7.5.6): the replaced objects,
/// under their own numbers, a cross-reference section for them and a trailer pointing back (/Prev) at Chromium's, all
/// appended after Chromium's bytes, which stay as they are (fonts, bookmarks, tags, links). Read with PdfPig; only a
/// classic cross-reference table (what Chromium's Skia writes) is updated, anything else is handed back unchanged.
/// </summary>
public static partial class PdfUpdate
{
    /// <summary>
    /// The PDF opening on page <paramref name="pageNumber"/> (1-based) at full page (<c>/OpenAction [page /Fit]</c> in the
    /// catalog), with the invisible soft hyphens' glyphs taken out of its text (see <see cref="WithoutSoftHyphenSpans"/>)
    /// in the same update. Null <paramref name="pageNumber"/> leaves the catalog as it is.
    /// </summary>
    public static byte[] Finish(byte[] pdf, int? pageNumber)
    {
        using var document = PdfDocument.Open(pdf);
        if (!IsClassicTable(pdf, out _))
        {
            return pdf;
        }
        var replaced = new SortedDictionary<long, (int Generation, byte[] Body)>();
        var pages = PageReferences(document);
        if (pageNumber is { } n && n >= 1 && n <= pages.Count)
        {
            var root = document.Structure.Trailer.Root;
            var entries = document.Structure.Catalog.CatalogDictionary.Data
                .Where(kv => kv.Key != "OpenAction")
                .ToDictionary(kv => NameToken.Create(kv.Key), kv => kv.Value);
            entries[NameToken.Create("OpenAction")] = new ArrayToken([new IndirectReferenceToken(pages[n - 1].Reference), NameToken.Create("Fit")]);
            replaced[root.ObjectNumber] = (root.Generation, Write(new DictionaryToken(entries)));
        }
        foreach (var (reference, body) in SoftHyphenFreeContents(document, pages))
        {
            replaced[reference.ObjectNumber] = (reference.Generation, body);
        }
        return replaced.Count == 0 ? pdf : Append(pdf, replaced);
    }

    /// <summary>The page where the document opens (1-based), from its catalog's /OpenAction, or null.</summary>
    public static int? OpeningPage(PdfDocument document)
    {
        if (!document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Create("OpenAction"), out var action)
            || action is not ArrayToken array || array.Data.Count == 0 || array.Data[0] is not IndirectReferenceToken target)
        {
            return null;
        }
        var index = PageReferences(document).FindIndex(p => p.Reference == target.Data);
        return index < 0 ? null : index + 1;
    }

    private sealed record PageObject(IndirectReference Reference, DictionaryToken Dictionary);

    /// <summary>The pages in order, walking the page tree (Skia's has several levels).</summary>
    private static List<PageObject> PageReferences(PdfDocument document)
    {
        var pages = new List<PageObject>();
        var seen = new HashSet<IndirectReference>();
        void Walk(IndirectReference reference)
        {
            if (!seen.Add(reference) || document.Structure.GetObject(reference).Data is not DictionaryToken node)
            {
                return;
            }
            if (node.TryGet(NameToken.Create("Kids"), out var kids) && kids is ArrayToken list)
            {
                foreach (var kid in list.Data.OfType<IndirectReferenceToken>())
                {
                    Walk(kid.Data);
                }
            }
            else
            {
                pages.Add(new PageObject(reference, node));
            }
        }
        if (document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Create("Pages"), out var root) && root is IndirectReferenceToken r)
        {
            Walk(r.Data);
        }
        return pages;
    }

    /// <summary>
    /// Chromium draws a soft hyphen that does not end a line as an invisible glyph (the space glyph, no advance) wrapped
    /// in <c>/Span &lt;&lt;/ActualText &lt;FEFF00AD&gt;&gt;&gt; BDC … EMC</c>. A reader that ignores ActualText (PdfPig,
    /// many indexers) reads it as a space inside the word ("com ing"). The glyph of each such span is taken out of the
    /// page's content with the span, the operators before it kept (a Td moving the line's start); a Td is relative to the
    /// line's start, not to the glyphs drawn, so nothing else moves. A soft hyphen that ends a line is a visible hyphen
    /// glyph of its own and stays.
    /// </summary>
    private static IEnumerable<(IndirectReference Reference, byte[] Body)> SoftHyphenFreeContents(PdfDocument document, List<PageObject> pages)
    {
        foreach (var page in pages)
        {
            if (!page.Dictionary.TryGet(NameToken.Create("Contents"), out var contents))
            {
                continue;
            }
            var references = contents switch
            {
                IndirectReferenceToken one => [one.Data],
                ArrayToken many => many.Data.OfType<IndirectReferenceToken>().Select(t => t.Data).ToList(),
                _ => new List<IndirectReference>(),
            };
            foreach (var reference in references)
            {
                if (document.Structure.GetObject(reference).Data is not StreamToken stream
                    || !stream.StreamDictionary.TryGet(NameToken.Create("Filter"), out var filter) || filter is not NameToken { Data: "FlateDecode" })
                {
                    continue;
                }
                string text;
                using (var inflate = new ZLibStream(new MemoryStream(stream.Data.ToArray()), CompressionMode.Decompress))
                using (var reader = new StreamReader(inflate, Encoding.Latin1))
                {
                    text = reader.ReadToEnd();
                }
                var clean = SoftHyphenSpan().Replace(text, "$1");
                if (clean.Length == text.Length)
                {
                    continue;
                }
                yield return (reference, StreamObject(Encoding.Latin1.GetBytes(clean)));
            }
        }
    }

    /// <summary><see cref="Finish"/> without an opening page: only the soft hyphens' glyphs taken out.</summary>
    public static byte[] WithoutSoftHyphenSpans(byte[] pdf) => Finish(pdf, null);

    // The operators before the glyph inside the span (a Td that moves the line's start, a font change) are kept.
    [GeneratedRegex(@"/Span\s*<<\s*/ActualText\s*<FEFF00AD>\s*>>\s*BDC\s*([^<>]*?)<[0-9A-Fa-f]+>\s*Tj\s*EMC\s*")]
    private static partial Regex SoftHyphenSpan();

    private static byte[] StreamObject(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"<</Filter /FlateDecode /Length {compressed.Length}>> stream\n"));
        return [.. head, .. compressed.ToArray(), .. "\nendstream"u8];
    }

    private static byte[] Write(IToken token)
    {
        using var s = new MemoryStream();
        TokenWriter.Instance.WriteToken(token, s);
        return s.ToArray();
    }

    /// <summary>True when the last cross-reference section is a table ("xref"), with its offset.</summary>
    private static bool IsClassicTable(byte[] pdf, out long startXref)
    {
        startXref = -1;
        var tail = Encoding.Latin1.GetString(pdf, Math.Max(0, pdf.Length - 64), Math.Min(64, pdf.Length));
        var m = StartXref().Match(tail);
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out startXref) || startXref >= pdf.Length - 4)
        {
            return false;
        }
        return pdf.AsSpan((int)startXref).StartsWith("xref"u8);
    }

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF\s*$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"trailer\s*<<(.*)>>\s*startxref\s+\d+\s+%%EOF\s*$", RegexOptions.Singleline)]
    private static partial Regex LastTrailer();

    [GeneratedRegex(@"/Prev\s+\d+")]
    private static partial Regex Prev();

    private static byte[] Append(byte[] pdf, SortedDictionary<long, (int Generation, byte[] Body)> objects)
    {
        IsClassicTable(pdf, out var previous);
        var tail = Encoding.Latin1.GetString(pdf, Math.Max(0, pdf.Length - 4096), Math.Min(4096, pdf.Length));
        var trailer = LastTrailer().Match(tail) is { Success: true } t ? Prev().Replace(t.Groups[1].Value, "").Trim()
            : throw new InvalidOperationException("The PDF's trailer was not found.");
        using var output = new MemoryStream(pdf.Length + objects.Values.Sum(o => o.Body.Length) + 512);
        output.Write(pdf);
        if (pdf.Length > 0 && pdf[^1] != '\n')
        {
            output.WriteByte((byte)'\n');
        }
        void Ascii(string s) => output.Write(Encoding.ASCII.GetBytes(s));
        var offsets = new List<(long Number, int Generation, long Offset)>();
        foreach (var (number, (generation, body)) in objects)
        {
            offsets.Add((number, generation, output.Position));
            Ascii(string.Create(CultureInfo.InvariantCulture, $"{number} {generation} obj\n"));
            output.Write(body);
            Ascii("\nendobj\n");
        }
        var xref = output.Position;
        var table = new StringBuilder("xref\n");
        foreach (var (number, generation, offset) in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} {generation:D5} n \n");
        }
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<<{trailer}\n/Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n");
        Ascii(table.ToString());
        return output.ToArray();
    }
}
