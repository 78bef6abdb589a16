using System.Buffers.Binary;
using AngleSharp.Dom;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Roundtable.Web.Features.Reports;

/// <summary>
/// Pictures an edition carries in itself (<c>data:</c> URLs: the only images a printed text may hold) as pictures in the
/// document, at their size in CSS pixels and never wider than the text; any other image prints its description.
/// </summary>
internal sealed partial class EditionDocxFlow
{
    private const long EmuPerPixel = 9525;
    private const long MaxWidth = EditionDocx.TextWidth * 635L; // twentieths of a point to EMU
    private uint nextPicture = 1;

    private Run? Picture(IElement img)
    {
        var src = img.GetAttribute("src") ?? "";
        var comma = src.IndexOf(',', StringComparison.Ordinal);
        if (inFootnote || !src.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) || comma < 0
            || !src[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var type = src["data:image/".Length..src.IndexOf(';', StringComparison.Ordinal)].ToLowerInvariant() switch
        {
            "png" => ImagePartType.Png,
            "jpeg" or "jpg" => ImagePartType.Jpeg,
            "gif" => ImagePartType.Gif,
            _ => (PartTypeInfo?)null,
        };
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(src[(comma + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (type is null || PixelSize(bytes) is not var (width, height) || width <= 0 || height <= 0)
        {
            return null;
        }
        var part = main.AddImagePart(type.Value);
        using (var stream = new MemoryStream(bytes))
        {
            part.FeedData(stream);
        }
        long cx = width * EmuPerPixel, cy = height * EmuPerPixel;
        if (cx > MaxWidth)
        {
            (cx, cy) = (MaxWidth, cy * MaxWidth / cx);
        }
        var id = nextPicture++;
        var name = "Picture " + id;
        return new Run(new Drawing(new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name, Description = img.GetAttribute("alt") ?? "" },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = name }, new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = main.GetIdOfPart(part) }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U }));
    }

    /// <summary>Width and height in pixels from the file's header (PNG, GIF, JPEG), or null.</summary>
    internal static (long Width, long Height)? PixelSize(byte[] b)
    {
        if (b.Length >= 24 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G')
        {
            return (BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(20)));
        }
        if (b.Length >= 10 && b[0] == (byte)'G' && b[1] == (byte)'I' && b[2] == (byte)'F')
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)));
        }
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            // Walk the segments to the frame header (SOF0–SOF15, not DHT, JPG or DAC): height, then width.
            for (var i = 2; i + 9 < b.Length;)
            {
                if (b[i] != 0xFF)
                {
                    return null;
                }
                var marker = b[i + 1];
                var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return (BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 5)));
                }
                i += 2 + length;
            }
        }
        return null;
    }
}
