using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>
/// The published-label rules as a table. A discussion is written as speakers separated by spaces:
/// u1, u2 … unnamed participants (the digit tells who); u1@ the same person speaking from the audience;
/// Name / Name@ a named speaker, in the room / from the audience; P an unnamed presenter, PN:Name a named presenter;
/// ? an unidentified speaker, ?@ an unidentified member of the audience.
/// </summary>
public sealed class AttributionTests
{
    [Theory]
    [InlineData("Hakim", "Hakim")]
    [InlineData("Hakim@", "Hakim (audience)")]
    [InlineData("P", "The presenter")]
    [InlineData("PN:Whitcombe", "Whitcombe")]
    [InlineData("u1", "A participant")]
    [InlineData("u1 u2", "A participant|Another participant")]
    [InlineData("u1 u2 u1", "A participant|Another participant|The first participant")]
    [InlineData("u1 u2 u3 u2 u3 u1", "A participant|Another participant|Another participant|The second participant|The third participant|The first participant")]
    [InlineData("u1 u1", "A participant|The first participant")]
    [InlineData("u1@", "A member of the audience")]
    [InlineData("u1@ u1@ u2", "A member of the audience|A member of the audience|A participant")]
    [InlineData("?", "A participant")]
    [InlineData("u1 ? u1", "A participant|Another participant|The first participant")]
    [InlineData("? ?", "A participant|Another participant")]
    [InlineData("?@", "A member of the audience")]
    [InlineData("P u1 P Hakim u1 Hakim@", "The presenter|A participant|The presenter|Hakim|The first participant|Hakim (audience)")]
    [InlineData("P@", "The presenter")]
    [InlineData("", "")]
    public void Label_follows_the_rules(string discussion, string expected)
    {
        var (speeches, presenterNamed) = Parse(discussion);
        Assert.Equal(expected, string.Join("|", Attribution.Labels(speeches, presenterNamed)));
    }

    [Fact]
    public void Labels_start_afresh_in_the_next_presentation()
    {
        var first = Parse("u1 u2 u1").Speeches;
        var next = Parse("u2 u1 u2").Speeches;
        Assert.Equal(["A participant", "Another participant", "The first participant"], Attribution.Labels(first, presenterNamed: true));
        Assert.Equal(["A participant", "Another participant", "The first participant"], Attribution.Labels(next, presenterNamed: true));
    }

    [Fact]
    public void A_presenter_without_consent_is_the_presenter_even_when_the_presentation_says_named()
    {
        var speech = new Speech(7, "James Harlan", MayBeNamed: false, IsPresenter: true, Audience: false);
        Assert.Equal(["The presenter"], Attribution.Labels([speech], presenterNamed: true));
    }

    [Fact]
    public void A_consenting_presenter_of_an_unnamed_presentation_is_still_the_presenter()
    {
        var speech = new Speech(7, "Mei Tanaka", MayBeNamed: true, IsPresenter: true, Audience: false);
        Assert.Equal(["The presenter"], Attribution.Labels([speech], presenterNamed: false));
    }

    [Theory]
    [InlineData(true, true, "James Harlan")]
    [InlineData(false, true, "The presenter")]
    [InlineData(false, false, "the presenter")]
    public void Summary_placeholder_names_the_presenter_only_when_named(bool named, bool startsSentence, string expected) =>
        Assert.Equal(expected, Attribution.PresenterName(["James Harlan"], named, startsSentence));

    [Fact]
    public void Summary_placeholder_fills_in_by_place_in_the_sentence()
    {
        var text = "{presenter} opened. Asked about ice, {presenter} agreed.\n\n{Presenter} closed.";
        Assert.Equal("The presenter opened. Asked about ice, the presenter agreed.\n\nThe presenter closed.", PublishedText.Summary(text, ["James Harlan"], false));
        Assert.Equal("Amara Nwosu and Lars Eriksen opened. Asked about ice, Amara Nwosu and Lars Eriksen agreed.\n\nAmara Nwosu and Lars Eriksen closed.",
            PublishedText.Summary(text, ["Amara Nwosu", "Lars Eriksen"], true));
    }

    [Fact]
    public void A_statement_is_published_as_a_paragraph_that_begins_with_its_label()
    {
        Assert.Equal("<p><span class=\"speaker\">A participant</span> asked whether <em>ice</em> mattered.</p>\n",
            PublishedText.StatementHtml("A participant", "asked whether *ice* mattered."));
    }

    [Fact]
    public void A_label_is_text_never_markup()
    {
        var html = PublishedText.StatementHtml("<b>Eve</b>", "noted that <script>alert(1)</script> was typed.");
        Assert.Contains("&lt;b&gt;Eve&lt;/b&gt;", html);
        Assert.DoesNotContain("<script", html);
    }

    private static (IReadOnlyList<Speech> Speeches, bool PresenterNamed) Parse(string discussion)
    {
        var presenterNamed = true;
        var speeches = discussion.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(token =>
        {
            var audience = token.EndsWith('@');
            var t = token.TrimEnd('@');
            if (t == "P")
            {
                presenterNamed = false;
                return new Speech(100, "Hidden Presenter", false, true, audience);
            }
            if (t.StartsWith("PN:", StringComparison.Ordinal))
            {
                return new Speech(101, t[3..], true, true, audience);
            }
            if (t == "?")
            {
                return new Speech(null, "", false, false, audience);
            }
            if (t[0] == 'u' && char.IsDigit(t[1]))
            {
                return new Speech(long.Parse(t[1..], System.Globalization.CultureInfo.InvariantCulture), "Secret " + t, false, false, audience);
            }
            return new Speech(200 + t.Length, t, true, false, audience);
        }).ToList();
        return (speeches, presenterNamed);
    }
}
