using System.Net;
using System.Text.RegularExpressions;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Web;

/// <summary>The site's pages set serif text in the face the app ships, never in one the reader's machine may lack.</summary>
public sealed class StylesheetFontsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_serif_on_the_site_is_the_bundled_face_served_by_the_app()
    {
        using var client = app.NewClient();
        var css = new Dictionary<string, string>();
        foreach (var sheet in new[] { "/css/site.css", "/css/proceedings.css" })
        {
            css[sheet] = await client.GetStringAsync(sheet);
        }
        // Each family that ends in the generic serif names only the bundled face before it.
        var serifStacks = css.Values.SelectMany(c => Regex.Matches(c, @"--serif:\s*([^;]+);|font-family:\s*([^;]+?\bserif)\s*;").Select(m => m.Value)).ToList();
        Assert.NotEmpty(serifStacks);
        Assert.All(serifStacks, stack => Assert.Matches(@"(--serif:\s*""Liberation Serif"", serif;)|(var\(--serif\))|sans-serif", stack));
        Assert.DoesNotContain(css.Values, c => c.Contains("Georgia", StringComparison.Ordinal) || c.Contains("Times New Roman", StringComparison.Ordinal));

        var faces = Regex.Matches(css["/css/site.css"], @"@font-face \{ font-family: ""Liberation Serif"";[^}]*url\(""([^""]+)""\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, faces.Count);
        foreach (var face in faces)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(face)).StatusCode);
        }
    }
}
