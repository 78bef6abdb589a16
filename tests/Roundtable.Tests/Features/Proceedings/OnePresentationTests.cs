using Roundtable.Tests.Support;
using Roundtable.Web.Features.Demo;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>
/// The workspace reads one presentation (GetProceedings.OneAsync) without the others' texts; its labels, summary and
/// statements must be exactly those of the whole appendix read (HandleAsync), first mentions included.
/// </summary>
public sealed class OnePresentationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task One_presentation_is_labelled_as_in_the_whole_appendix()
    {
        var organizer = await app.CreateUserAsync("one@proceedings.example.org", Roles.Organizer);
        var generated = await app.Run<SeedLargeRoundtable, SeedLargeRoundtable.Generated>(g =>
            g.HandleAsync(organizer, new LargeRoundtableSize(Participants: 40, Presentations: 6, StatementsPerPresentation: 30, Editions: 0), CancellationToken.None));
        var all = await app.Run<GetProceedings, GetProceedings.Roundtable>(g => g.HandleAsync(generated.RoundtableId, CancellationToken.None));
        var fuller = all.Speakers.Select(s => s.FirstMentionName).Where(n => n.Length > 0).ToHashSet();
        var firstMentions = 0;
        foreach (var whole in all.Presentations)
        {
            var one = (await app.Run<GetProceedings, GetProceedings.One?>(g => g.OneAsync(generated.RoundtableId, whole.Id, CancellationToken.None)))!;
            Assert.Equal(whole.PublishedSummary, one.Presentation.PublishedSummary);
            Assert.Equal(whole.Statements.Select(s => (s.Id, s.Label, s.Text)), one.Presentation.Statements.Select(s => (s.Id, s.Label, s.Text)));
            Assert.Equal(whole.Status, one.Presentation.Status);
            Assert.Equal(all.Presentations.Select(p => p.Id), one.Agenda.Select(a => a.Agenda.Id));
            // The same labels from only the speakers they need (the workspace's and the published view's read).
            var narrow = (await app.Run<GetProceedings, GetProceedings.One?>(g => g.OneAsync(generated.RoundtableId, whole.Id, CancellationToken.None, everySpeaker: false)))!;
            Assert.Equal(whole.PublishedSummary, narrow.Presentation.PublishedSummary);
            Assert.Equal(whole.Statements.Select(s => (s.Id, s.Label, s.Text)), narrow.Presentation.Statements.Select(s => (s.Id, s.Label, s.Text)));
            Assert.True(narrow.Speakers.Count < all.Speakers.Count);
            firstMentions += whole.Statements.Count(s => fuller.Contains(s.Label));
        }
        // The rule this guards was exercised: some statements print a fuller first-mention form.
        Assert.True(firstMentions > 0);
        Assert.Null(await app.Run<GetProceedings, GetProceedings.One?>(g => g.OneAsync(generated.RoundtableId, -1, CancellationToken.None)));
    }
}
