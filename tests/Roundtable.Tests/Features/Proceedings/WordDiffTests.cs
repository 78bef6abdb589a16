using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

public sealed class WordDiffTests
{
    [Fact]
    public void Marks_words_removed_and_added()
    {
        var parts = WordDiff.Compare("noted that the ice was thin", "noted that the sea ice was very thin");
        Assert.Equal("noted that the |+sea |ice was |+very |thin", string.Join("|", parts.Select(p => (p.Kind == DiffKind.Added ? "+" : p.Kind == DiffKind.Removed ? "-" : "") + p.Text)));
    }

    [Fact]
    public void Both_texts_can_be_rebuilt_from_the_diff()
    {
        const string a = "asked whether Russia would object.\n\nA second paragraph.";
        const string b = "asked whether Moscow would object.\n\nA second, longer paragraph.";
        var parts = WordDiff.Compare(a, b);
        Assert.Equal(a, string.Concat(parts.Where(p => p.Kind != DiffKind.Added).Select(p => p.Text)));
        Assert.Equal(b, string.Concat(parts.Where(p => p.Kind != DiffKind.Removed).Select(p => p.Text)));
    }
}
