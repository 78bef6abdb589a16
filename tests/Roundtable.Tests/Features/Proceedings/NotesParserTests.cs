using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

public sealed class NotesParserTests
{
    private static readonly SpeakerDirectory Directory = new(
    [
        new SpeakerCandidate(1, "William Tate", "William Tate", "Tate", "Bill"),
        new SpeakerCandidate(2, "Amara Nwosu", "Amara Nwosu", "Nwosu", ""),
        new SpeakerCandidate(3, "Aisha Rahman", "Aisha Rahman", "Rahman", "", Observer: true),
        new SpeakerCandidate(4, "Peter James Whitcombe", "Peter Whitcombe", "Whitcombe", ""),
        new SpeakerCandidate(5, "Jane Tate", "Jane Tate", "Tate", ""),
    ], presenterIds: [4]);

    [Fact]
    public void Reads_transcript_and_narrative_paragraphs()
    {
        var notes = """
            Amara Nwosu: The shelf claims will take a decade to settle.

            Bill asked whether the coast guard had the ships to enforce anything.

            Dr. Nwosu replied that it did not, and would not before 2035.
            """;
        var proposed = NotesParser.Parse(notes, Directory);
        Assert.Equal(3, proposed.Count);
        Assert.Equal((SpeakerMatch.Matched, 2L, "The shelf claims will take a decade to settle."), (proposed[0].Match, proposed[0].SpeakerId!.Value, proposed[0].Text));
        Assert.Equal((SpeakerMatch.Matched, 1L, "asked whether the coast guard had the ships to enforce anything.", "question"),
            (proposed[1].Match, proposed[1].SpeakerId!.Value, proposed[1].Text, proposed[1].Kind));
        Assert.Equal((2L, "reply"), (proposed[2].SpeakerId!.Value, proposed[2].Kind));
    }

    [Fact]
    public void Matches_full_names_names_in_print_surnames_and_short_names()
    {
        foreach (var name in new[] { "Peter James Whitcombe", "Peter Whitcombe", "Whitcombe", "Ambassador Whitcombe" })
        {
            var p = Assert.Single(NotesParser.Parse($"{name} noted that the treaty held.", Directory));
            Assert.Equal(4L, p.SpeakerId);
            Assert.Equal("noted that the treaty held.", p.Text);
        }
        Assert.Equal(1L, Assert.Single(NotesParser.Parse("Bill Tate: we need icebreakers", Directory)).SpeakerId);
    }

    [Fact]
    public void A_shared_surname_is_ambiguous_and_lists_who_it_could_be()
    {
        var p = Assert.Single(NotesParser.Parse("Tate said that was naive.", Directory));
        Assert.Equal(SpeakerMatch.Ambiguous, p.Match);
        Assert.Null(p.SpeakerId);
        Assert.Equal([1L, 5L], p.Alternatives.Select(a => a.ParticipationId).Order());
    }

    [Fact]
    public void An_unknown_name_is_shown_unmatched_with_what_was_written()
    {
        var p = Assert.Single(NotesParser.Parse("Smythe argued that deterrence was working.", Directory));
        Assert.Equal((SpeakerMatch.Unmatched, "Smythe", "argued that deterrence was working."), (p.Match, p.WrittenAs, p.Text));
    }

    [Fact]
    public void Anonymous_speakers_audience_and_the_presenter_are_recognised()
    {
        var proposed = NotesParser.Parse("""
            ?: what about fisheries?

            A member of the audience asked about tourism.

            Rahman asked whether ships would pay.

            The presenter replied that they would.

            Nwosu (audience) noted that the law was clear.
            """, Directory);
        Assert.Equal((SpeakerMatch.Unidentified, false, "question"), (proposed[0].Match, proposed[0].Audience, proposed[0].Kind));
        Assert.Equal((SpeakerMatch.Unidentified, true), (proposed[1].Match, proposed[1].Audience));
        Assert.Equal((3L, true), (proposed[2].SpeakerId!.Value, proposed[2].Audience));
        Assert.Equal((4L, "reply"), (proposed[3].SpeakerId!.Value, proposed[3].Kind));
        Assert.Equal((2L, true, "noted that the law was clear."), (proposed[4].SpeakerId!.Value, proposed[4].Audience, proposed[4].Text));
    }

    [Fact]
    public void Speaker_lines_without_blank_lines_between_are_separate_statements()
    {
        var proposed = NotesParser.Parse("Nwosu: first point\nBill: second point\ncontinued on this line", Directory);
        Assert.Equal(2, proposed.Count);
        Assert.Equal("second point\ncontinued on this line", proposed[1].Text);
    }

    [Fact]
    public void Empty_notes_propose_nothing() => Assert.Empty(NotesParser.Parse("  \n\n  ", Directory));

    [Fact]
    public void Reads_an_unknown_voice_marked_as_the_same_as_an_earlier_paragraph()
    {
        var notes = """
            ?: Who pays for the icebreakers?

            Unidentified asked whether fees were set by treaty.

            ? (same as 1): Nobody, it seems.

            Unidentified (same voice as statement 2) wondered whether insurers would decide.
            """;
        var proposed = NotesParser.Parse(notes, Directory);
        Assert.Equal([null, null, 1, 2], proposed.Select(p => p.SameAs));
        Assert.All(proposed, p => Assert.Equal(SpeakerMatch.Unidentified, p.Match));
        Assert.Equal("Nobody, it seems.", proposed[2].Text);
        Assert.Equal("wondered whether insurers would decide.", proposed[3].Text);
    }

    [Fact]
    public void The_presenter_is_matched_even_when_no_presenter_is_recorded()
    {
        var none = new SpeakerDirectory([new SpeakerCandidate(1, "William Tate", "William Tate", "Tate", "Bill")]);
        var p = Assert.Single(NotesParser.Parse("The presenter replied that the ice was thin.", none));
        Assert.Equal((SpeakerMatch.Presenter, (long?)null, "replied that the ice was thin."), (p.Match, p.SpeakerId, p.Text));
        Assert.Equal(4L, Assert.Single(NotesParser.Parse("The presenter replied.", Directory)).SpeakerId);
    }
}
