using Roundtable.Web.Features.Attribution;

namespace Roundtable.Tests.Features.Attribution;

public sealed class LeakCheckTests
{
    private static readonly ProtectedPerson Harlan = new(1, "James Robert Harlan", "James Harlan", "Harlan", "Jim");
    private static readonly ProtectedPerson Tate = new(2, "William Tate", "William Tate", "Tate", "Bill, Billy");

    private static Passage P(string text) => new("statement:9", "Second Presentation, statement 3", text);

    [Fact]
    public void Finds_a_surname_inside_another_statement()
    {
        var hits = new LeakCheck([Harlan]).Scan(P("agreed, as Harlan said earlier, that the ice was thinning."));
        var hit = Assert.Single(hits);
        Assert.Equal("Harlan", hit.Term);
        Assert.Equal(1, hit.Person.PersonId);
        Assert.Equal("Second Presentation, statement 3", hit.Passage.Place);
        Assert.Equal("agreed, as ", hit.Before);
        Assert.StartsWith(" said earlier", hit.After);
    }

    [Fact]
    public void Finds_a_name_with_soft_hyphens_or_zero_width_characters_inside()
    {
        // Pasted from a word processor: "Har­lan" prints as "Harlan" (broken at the end of a line, "Har-lan").
        var text = "agreed, as James Har\u00ADlan said, and Wil\u200Bliam Ta\u2060te too.";
        var hits = new LeakCheck([Harlan, Tate]).Scan(P(text));
        Assert.Equal(["James Harlan", "William Tate"], hits.Select(h => h.Term));
        Assert.Equal(text.IndexOf("James", StringComparison.Ordinal), hits[0].Index);
        Assert.Equal(text.IndexOf("Wil", StringComparison.Ordinal), hits[1].Index);
        Assert.Same(text, hits[0].Passage.Text);
    }

    [Fact]
    public void Stays_quiet_when_the_person_may_be_named()
    {
        // Only people who must not be named are given to the check.
        Assert.Empty(new LeakCheck([Tate]).Scan(P("agreed, as Harlan said earlier, that the ice was thinning.")));
        Assert.True(new LeakCheck([]).IsEmpty);
    }

    [Theory]
    [InlineData("noted that James Harlan's view was wrong", "James Harlan")]
    [InlineData("noted that James Robert Harlan was wrong", "James Robert Harlan")]
    [InlineData("replied to Jim that it was not so", "Jim")]
    [InlineData("replied that HARLAN was right", "HARLAN")]
    [InlineData("said James\nHarlan had left", "James\nHarlan")]
    [InlineData("said *Harlan* had left", "Harlan")]
    public void Finds_every_form_of_the_name(string text, string term) =>
        Assert.Equal(term, Assert.Single(new LeakCheck([Harlan]).Scan(P(text))).Term);

    [Theory]
    [InlineData("noted that Harlanville is a town")]
    [InlineData("noted that jimmy-rigged plans fail")]
    [InlineData("noted the presenter's point")]
    public void Does_not_flag_other_words_that_contain_a_name(string text) =>
        Assert.Empty(new LeakCheck([Harlan]).Scan(P(text)));

    [Fact]
    public void Reports_every_hit_with_its_place_in_order()
    {
        var hits = new LeakCheck([Harlan, Tate]).Scan(P("said Bill disagreed with Jim, and Tate with Harlan."));
        Assert.Equal(["Bill", "Jim", "Tate", "Harlan"], hits.Select(h => h.Term));
        Assert.Equal([1L, 2L], hits.Select(h => h.Person.PersonId).Distinct().Order());
    }

    [Fact]
    public void Trying_only_the_people_whose_names_could_be_in_a_text_finds_exactly_what_trying_everyone_finds()
    {
        string[] given = ["James", "Jean-Luc", "Ægir", "Σωκράτης", "Kelvin", "Straße", "Ívar", "O'Brien", "Zoë", "Li", "Jim", "Bill"];
        string[] family = ["Harlan", "Tate", "Picard", "ΣΩΚΡΆΤΗΣ", "Weiß", "Nwosu", "Ó Súilleabháin", "Smith-Jones", "Øre", "Kim"];
        var random = new Random(1128);
        string Pick(string[] from) => from[random.Next(from.Length)];
        var people = Enumerable.Range(1, 300).Select(i =>
        {
            var first = Pick(given);
            var last = Pick(family) + (i % 3 == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            return new ProtectedPerson(i, $"{first} {last}", $"{first[0]}. {last}", last, i % 4 == 0 ? Pick(given) : "");
        }).ToList();
        string Mangle(string name) => random.Next(4) switch
        {
            0 => name.ToUpperInvariant(),
            1 => name.ToLowerInvariant(),
            2 => name.Replace(" ", "  \n", StringComparison.Ordinal).Replace('K', '\u212A').Replace('ß', 'ẞ').Replace('σ', 'ς'),
            _ => name,
        };
        string[] filler = ["said", "that", "the", "ice", "(", ")", ",", "—", "’s", "x", "2", "Harlanesque", "-", "\n\n"];
        var prefiltered = new LeakCheck(people);
        var everyone = new LeakCheck(people, prefilter: false);
        var found = 0;
        for (var i = 0; i < 400; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 25)).Select(_ => random.Next(3) == 0 ? Mangle(Pick([.. people.SelectMany(p => p.Terms)])) : Pick(filler));
            var passage = P(string.Join(random.Next(2) == 0 ? " " : "", words));
            var expected = everyone.Scan(passage).Select(h => (h.Person.PersonId, h.Term, h.Index)).ToList();
            Assert.Equal(expected, prefiltered.Scan(passage).Select(h => (h.Person.PersonId, h.Term, h.Index)).ToList());
            found += expected.Count;
        }
        Assert.True(found > 200, $"only {found} hits: the texts did not exercise the check");
    }
}
