using Roundtable.Tests.Support;
using Roundtable.Web.Features.Demo;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

public sealed class DemoProceedingsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Demo_roundtable_has_edited_proceedings_that_exercise_every_label()
    {
        Assert.True(await app.Run<SeedDemo, bool>(f => f.HandleAsync("demo-password-123", CancellationToken.None)));
        var all = await app.Run<GetProceedings, GetProceedings.Roundtable>(f => f.HandleAsync(1, CancellationToken.None));
        var labels = all.Presentations.SelectMany(p => p.Statements.Select(s => s.Label)).ToHashSet();
        Assert.Superset(new HashSet<string> { "The presenter", "A participant", "Another participant", "The first participant", "The second participant",
            "A member of the audience", "Ingrid Solberg of The Harbor Review (audience)", "Peter Whitcombe", "William Tate" }, labels);
        var shipping = all.Presentations.Single(p => p.Agenda.Title == "Sea Ice, Shipping Lanes and the Law of the Sea");
        Assert.Equal(["A member of the audience", "Amara Nwosu", "Mei Tanaka", "A participant", "Another participant", "The first participant"],
            shipping.Statements.Select(s => s.Label));
        var opening = all.Presentations[0];
        Assert.StartsWith("Peter James Whitcombe opened", opening.PublishedSummary);
        Assert.Contains("Peter Whitcombe", opening.Statements.Select(s => s.Label));
        Assert.Contains(all.Presentations, p => p.Statements.Count == 0 && p.Summary.Length > 0);
        var arctic = all.Presentations.Single(p => p.Agenda.Title == "Great-Power Competition above the Arctic Circle");
        Assert.StartsWith("The presenter argued", arctic.PublishedSummary);
        // A named statement ends the run of unnamed voices: the same participant after it is "A participant" again.
        Assert.Equal(["A participant", "The presenter", "Tomasz Kowalczyk", "A participant"], arctic.Statements.Select(s => s.Label));
        Assert.Contains(all.Presentations, p => p.Status == ProceedingStatus.Approved);
        var leaks = await app.Run<CheckLeaks, IReadOnlyList<CheckLeaks.Finding>>(f => f.HandleAsync(1, null, CancellationToken.None));
        Assert.Equal(["Jim"], leaks.Select(l => l.Hit.Term));
    }
}
