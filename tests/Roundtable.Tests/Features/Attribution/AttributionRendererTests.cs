using System.Globalization;
using Roundtable.Web.Features.Attribution;

namespace Roundtable.Tests.Features.Attribution;

/// <summary>
/// The published-label rules as a table: the reference for how the proceedings print (DOMAIN.md, "Attribution").
/// A discussion is written as statements separated by spaces, numbered 1, 2, … in order:
/// <list type="bullet">
/// <item>u1, u2 … participants who may not be named (the digit tells who); ? an unidentified voice; ?=N an unidentified
/// voice marked "same voice as statement N";</item>
/// <item>Marsh, Reyes, Anders, Cole (known people, below) or any other capitalised word: a named speaker;</item>
/// <item>P the presenter, who may not be named; P? the presenter, not recorded; PN:Name a named presenter;</item>
/// <item>a trailing @ speaks from the audience; /form chooses a label form (/short, /name, /first-mention, /participant,
/// /audience-member, /presenter).</item>
/// </list>
/// </summary>
public sealed class AttributionRendererTests
{
    private static readonly Dictionary<string, Voice> Known = new()
    {
        ["Marsh"] = new Voice(301, 1301, "Helen Marsh", true) { ShortForm = "Marsh" },
        ["Reyes"] = new Voice(302, 1302, "Tom Reyes", true) { ShortForm = "Reyes" },
        ["Anders"] = new Voice(303, 1303, "Paul Anders", true) { FirstMention = "John Paul Anders", ShortForm = "Anders" },
        ["Cole"] = new Voice(304, 1304, "Ruth Cole", true) { ShortForm = "Cole", AudiencePhrase = "of the Arms Control Institute" },
    };

    [Theory]
    // Named speakers print their name in print.
    [InlineData("Marsh", "Helen Marsh")]
    [InlineData("Marsh Reyes Marsh", "Helen Marsh|Tom Reyes|Helen Marsh")]
    // An unnamed voice opening a discussion, or after a named statement, is "A participant".
    [InlineData("u1", "A participant")]
    [InlineData("u1 Marsh u2", "A participant|Helen Marsh|A participant")]
    [InlineData("u1 Marsh u1", "A participant|Helen Marsh|A participant")]
    [InlineData("u1 u2 Marsh u3 u4", "A participant|Another participant|Helen Marsh|A participant|Another participant")]
    // "Another participant" only directly after a different unnamed voice; a voice of the run speaking again is numbered.
    [InlineData("u1 u2", "A participant|Another participant")]
    [InlineData("u1 u2 u1", "A participant|Another participant|The first participant")]
    [InlineData("u1 u1", "A participant|The first participant")]
    [InlineData("u1 u2 u3", "A participant|Another participant|Another participant")]
    [InlineData("u1 u2 u3 u2 u3 u1", "A participant|Another participant|Another participant|The second participant|The third participant|The first participant")]
    [InlineData("u1 u2 u3 Marsh u3 u1", "A participant|Another participant|Another participant|Helen Marsh|A participant|Another participant")]
    // Readers count every voice: an unidentified voice is a voice too, so X speaking again is the second, not the first.
    [InlineData("? u1 ? u1", "A participant|Another participant|Another participant|The second participant")]
    [InlineData("?", "A participant")]
    [InlineData("? ?", "A participant|Another participant")]
    [InlineData("u1 ? u1", "A participant|Another participant|The first participant")]
    // An unidentified voice is new unless marked as the same voice as an earlier statement.
    [InlineData("? ? ?=1", "A participant|Another participant|The first participant")]
    [InlineData("? ? ?=2 ?=1", "A participant|Another participant|The second participant|The first participant")]
    [InlineData("? u1 ?=1", "A participant|Another participant|The first participant")]
    [InlineData("? ?=1", "A participant|The first participant")]
    // ... but a named statement ends the run: the same voice after it is "A participant" again.
    [InlineData("? Marsh ?=1", "A participant|Helen Marsh|A participant")]
    [InlineData("? Marsh ? ?=1", "A participant|Helen Marsh|A participant|Another participant")]
    // A link to a later statement (after a reordering) is ignored, never followed.
    [InlineData("?=2 ?", "A participant|Another participant")]
    // The audience: an unnamed member is always "A member of the audience" and is not counted among the participants.
    [InlineData("u1@", "A member of the audience")]
    [InlineData("?@", "A member of the audience")]
    [InlineData("u1@ u1@ u2", "A member of the audience|A member of the audience|A participant")]
    [InlineData("u1 u2@ u1", "A participant|A member of the audience|The first participant")]
    [InlineData("u1 u2@ u3", "A participant|A member of the audience|Another participant")]
    // A named audience member: "(audience)", with their affiliation phrase, on the first statement of the discussion only.
    [InlineData("Hakim@", "Hakim (audience)")]
    [InlineData("Marsh@ Reyes Marsh@", "Helen Marsh (audience)|Tom Reyes|Helen Marsh")]
    [InlineData("Cole@ Marsh Cole@", "Ruth Cole of the Arms Control Institute (audience)|Helen Marsh|Ruth Cole")]
    [InlineData("Cole Cole@", "Ruth Cole|Ruth Cole of the Arms Control Institute (audience)")]
    // First mention: the fuller form the first time the proceedings name the person, the name in print after.
    [InlineData("Anders Marsh Anders", "John Paul Anders|Helen Marsh|Paul Anders")]
    // Forms chosen per statement.
    [InlineData("Reyes Marsh Reyes/short", "Tom Reyes|Helen Marsh|Reyes")]
    [InlineData("Anders/name Anders", "Paul Anders|Paul Anders")]
    [InlineData("Anders/short Anders", "Anders|Paul Anders")]
    [InlineData("Marsh Anders/first-mention Anders/first-mention", "Helen Marsh|John Paul Anders|John Paul Anders")]
    [InlineData("Cole@ Cole@/short", "Ruth Cole of the Arms Control Institute (audience)|Cole")]
    [InlineData("Cole@/short", "Cole of the Arms Control Institute (audience)")]
    [InlineData("Marsh/participant u1", "A participant|Another participant")]
    [InlineData("u1 u2 u1/participant", "A participant|Another participant|A participant")]
    [InlineData("Marsh@/audience-member", "A member of the audience")]
    // A form that would name someone who may not be named, or does not fit the statement, is never printed.
    [InlineData("u1/name", "A participant")]
    [InlineData("u1/short u1", "A participant|The first participant")]
    [InlineData("P/name", "The presenter")]
    [InlineData("?/short", "A participant")]
    [InlineData("u1/audience-member", "A participant")]
    [InlineData("u1/presenter", "A participant")]
    [InlineData("P/participant", "The presenter")]
    // Presenters: "The presenter" when they may not be named or are not recorded; their name when named.
    [InlineData("P", "The presenter")]
    [InlineData("P?", "The presenter")]
    [InlineData("P@", "The presenter")]
    [InlineData("PN:Whitcombe", "Whitcombe")]
    [InlineData("P u1 P u2", "The presenter|A participant|The presenter|Another participant")]
    [InlineData("P u1 P u1", "The presenter|A participant|The presenter|The first participant")]
    [InlineData("P? u1 Marsh u2 P?", "The presenter|A participant|Helen Marsh|A participant|The presenter")]
    [InlineData("P u1 P Hakim u1 Hakim@", "The presenter|A participant|The presenter|Hakim|A participant|Hakim (audience)")]
    [InlineData("", "")]
    public void Label_follows_the_rules(string discussion, string expected)
    {
        var (speeches, presenterNamed) = Parse(discussion);
        Assert.Equal(expected, string.Join("|", AttributionRenderer.Labels(speeches, presenterNamed)));
    }

    [Fact]
    public void Labels_start_afresh_in_the_next_presentation()
    {
        var first = Parse("u1 u2 u1").Speeches;
        var next = Parse("u2 u1 u2").Speeches;
        var mentions = new Mentions();
        Assert.Equal(["A participant", "Another participant", "The first participant"], AttributionRenderer.Labels(first, true, mentions));
        Assert.Equal(["A participant", "Another participant", "The first participant"], AttributionRenderer.Labels(next, true, mentions));
    }

    [Fact]
    public void A_first_mention_is_counted_across_the_appendix()
    {
        var mentions = new Mentions();
        Assert.Equal(["John Paul Anders"], AttributionRenderer.Labels(Parse("Anders").Speeches, true, mentions));
        Assert.Equal(["Paul Anders"], AttributionRenderer.Labels(Parse("Anders").Speeches, true, mentions));
    }

    [Fact]
    public void A_named_presenter_in_the_summary_is_their_first_mention()
    {
        var mentions = new Mentions();
        var summary = PublishedText.Summary("{presenter} opened. {presenter} closed.", [Known["Anders"]], presenterNamed: true, mentions);
        Assert.Equal("John Paul Anders opened. Paul Anders closed.", summary);
        Assert.Equal(["Paul Anders"], AttributionRenderer.Labels(Parse("Anders").Speeches, true, mentions));
    }

    [Fact]
    public void A_presenter_without_consent_is_the_presenter_even_when_the_presentation_says_named()
    {
        var speech = new Speech(1, new Voice(7, 7, "James Harlan", MayBeNamed: false), Audience: false) { IsPresenter = true };
        Assert.Equal(["The presenter"], AttributionRenderer.Labels([speech], presenterNamed: true));
        Assert.Equal("The presenter", AttributionRenderer.PresenterName([speech.Speaker!], presenterNamed: true, startsSentence: true));
    }

    [Fact]
    public void A_consenting_presenter_of_an_unnamed_presentation_is_still_the_presenter()
    {
        var speech = new Speech(1, new Voice(7, 7, "Mei Tanaka", MayBeNamed: true), Audience: false) { IsPresenter = true };
        Assert.Equal(["The presenter"], AttributionRenderer.Labels([speech], presenterNamed: false));
    }

    [Theory]
    [InlineData("u1/name", "may not be named")]
    [InlineData("u1/short", "may not be named")]
    [InlineData("P/first-mention", "may not be named")]
    [InlineData("?/name", "unidentified speaker has no name")]
    [InlineData("Marsh/first-mention", "no first-mention form")]
    [InlineData("Marsh/audience-member", "only for a statement made from the audience")]
    [InlineData("Marsh/presenter", "only for the presenter")]
    [InlineData("P/participant", "not as a participant")]
    [InlineData("Marsh/shouting", "is not a label form")]
    public void A_form_that_does_not_fit_is_refused_with_the_reason(string statement, string reason)
    {
        var (speeches, presenterNamed) = Parse(statement);
        Assert.Contains(reason, LabelForms.Refusal(speeches[0], presenterNamed));
    }

    [Fact]
    public void An_empty_short_form_cannot_be_chosen()
    {
        var speech = new Speech(1, new Voice(9, 9, "Ada Byron", true) { ShortForm = "" }, false) { Form = LabelForms.Short };
        Assert.Contains("empty short form", LabelForms.Refusal(speech, presenterNamed: true));
    }

    [Theory]
    [InlineData("Anders", "derived,name,first-mention,short,participant")]
    [InlineData("u1@", "derived,participant,audience-member")]
    [InlineData("P", "derived,presenter")]
    [InlineData("PN:Whitcombe", "derived,name,short,presenter")]
    public void The_forms_offered_never_name_someone_who_may_not_be_named(string statement, string forms)
    {
        var (speeches, presenterNamed) = Parse(statement);
        Assert.Equal(forms, string.Join(",", LabelForms.Allowed(speeches[0], presenterNamed)));
    }

    [Theory]
    [InlineData(true, true, "James Harlan")]
    [InlineData(false, true, "The presenter")]
    [InlineData(false, false, "the presenter")]
    public void Summary_placeholder_names_the_presenter_only_when_named(bool named, bool startsSentence, string expected) =>
        Assert.Equal(expected, AttributionRenderer.PresenterName([new Voice(1, 1, "James Harlan", true)], named, startsSentence));

    [Fact]
    public void An_unrecorded_presenter_is_the_presenter_in_the_summary_too() =>
        Assert.Equal("The presenter opened.", PublishedText.Summary("{presenter} opened.", [], presenterNamed: true));

    [Fact]
    public void Summary_placeholder_fills_in_by_place_in_the_sentence()
    {
        var text = "{presenter} opened. Asked about ice, {presenter} agreed.\n\n{Presenter} closed.";
        Assert.Equal("The presenter opened. Asked about ice, the presenter agreed.\n\nThe presenter closed.",
            PublishedText.Summary(text, [new Voice(1, 1, "James Harlan", true)], false));
        Assert.Equal("Amara Nwosu and Lars Eriksen opened. Asked about ice, Amara Nwosu and Lars Eriksen agreed.\n\nAmara Nwosu and Lars Eriksen closed.",
            PublishedText.Summary(text, [new Voice(1, 1, "Amara Nwosu", true), new Voice(2, 2, "Lars Eriksen", true)], true));
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
        var speeches = discussion.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((token, i) =>
        {
            var id = i + 1L;
            var parts = token.Split('/');
            var form = parts.Length > 1 ? parts[1] : LabelForms.Derived;
            var audience = parts[0].EndsWith('@');
            var t = parts[0].TrimEnd('@');
            Speech speech;
            if (t is "P" or "P?")
            {
                presenterNamed = false;
                speech = t == "P"
                    ? new Speech(id, new Voice(100, 1100, "Hidden Presenter", false), audience) { IsPresenter = true }
                    : new Speech(id, null, audience) { ByPresenter = true };
            }
            else if (t.StartsWith("PN:", StringComparison.Ordinal))
            {
                speech = new Speech(id, new Voice(101, 1101, t[3..], true) { ShortForm = t[3..] }, audience) { IsPresenter = true };
            }
            else if (t.StartsWith('?'))
            {
                speech = new Speech(id, null, audience) { SameVoiceAs = t.Length > 2 ? long.Parse(t[2..], CultureInfo.InvariantCulture) : null };
            }
            else if (t[0] == 'u' && char.IsDigit(t[1]))
            {
                var n = long.Parse(t[1..], CultureInfo.InvariantCulture);
                speech = new Speech(id, new Voice(n, 1000 + n, "Secret " + t, false) { ShortForm = "Secret" }, audience);
            }
            else
            {
                speech = new Speech(id, Known.GetValueOrDefault(t) ?? new Voice(200 + t.Length, 1200 + t.Length, t, true) { ShortForm = t }, audience);
            }
            return speech with { Form = form };
        }).ToList();
        return (speeches, presenterNamed);
    }
}
