using Roundtable.Web.Features.Agenda;

namespace Roundtable.Tests.Features.Agenda;

public sealed class PresentationLabelsTests
{
    [Theory]
    [InlineData(0, 2, "Initial Presentation")]
    [InlineData(1, 2, "Final Presentation")]
    [InlineData(0, 10, "Initial Presentation")]
    [InlineData(1, 10, "Second Presentation")]
    [InlineData(2, 10, "Third Presentation")]
    [InlineData(8, 10, "Ninth Presentation")]
    [InlineData(9, 10, "Final Presentation")]
    [InlineData(9, 12, "Tenth Presentation")]
    [InlineData(10, 12, "Eleventh Presentation")]
    [InlineData(20, 30, "Twenty-First Presentation")]
    [InlineData(0, 1, "Presentation")]
    public void Label_follows_the_place_in_the_agenda(int index, int count, string expected) =>
        Assert.Equal(expected, PresentationLabels.For(index, count));

    [Theory]
    [InlineData(1, "First")]
    [InlineData(12, "Twelfth")]
    [InlineData(19, "Nineteenth")]
    [InlineData(20, "Twentieth")]
    [InlineData(42, "Forty-Second")]
    [InlineData(99, "Ninety-Ninth")]
    [InlineData(100, "One Hundredth")]
    [InlineData(101, "One Hundred First")]
    [InlineData(999, "Nine Hundred Ninety-Ninth")]
    [InlineData(1000, "One Thousandth")]
    [InlineData(1003, "One Thousand Third")]
    public void Ordinal_words(int n, string expected) => Assert.Equal(expected, Ordinals.Word(n));

    [Fact]
    public void An_index_outside_the_agenda_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PresentationLabels.For(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => PresentationLabels.For(-1, 3));
    }
}
