using Microsoft.AspNetCore.Http;

namespace Roundtable.Tests.Support;

/// <summary>Small real image files for upload tests.</summary>
public static class TestImages
{
    /// <summary>A valid 2×2 PNG (red).</summary>
    public static readonly byte[] PngBytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==");

    public static IFormFile Png(string name) => File(PngBytes, name, "image/png");

    public static IFormFile File(byte[] bytes, string name, string type) =>
        new FormFile(new MemoryStream(bytes), 0, bytes.Length, "Form.Logo", name) { Headers = new HeaderDictionary(), ContentType = type };
}
