using Roundtable.Tests.Support;
using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>
/// Two writers at the same moment, as two app nodes (or two tabs) would send them. On SQLite one write transaction runs
/// at a time; on PostgreSQL the writers run side by side, and the same outcome must come from row locks.
/// </summary>
public sealed class ConcurrentWritesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const int Rounds = 8;
    private static readonly CancellationToken None = CancellationToken.None;

    private Task<WriteResult<StatementRecord>> Update(long presentationId, StatementRecord s, string text, long userId) =>
        app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(presentationId, s.Id,
            new StatementForm { SpeakerId = s.SpeakerId, Kind = s.Kind, Text = text, Revision = s.Revision }, userId, None));

    [Fact]
    public async Task Two_edits_of_the_same_revision_at_once_save_one_and_refuse_the_other()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        for (var round = 0; round < Rounds; round++)
        {
            var st = await s.AddAsync(s.One, s.Tate, $"said something in round {round}.");
            var results = await Task.WhenAll(
                Update(s.One, st, $"said the first thing in round {round}.", s.AnnUserId),
                Update(s.One, st, $"said the second thing in round {round}.", s.OrganizerId));
            Assert.Equal([WriteOutcome.Saved, WriteOutcome.Stale], results.Select(r => r.Outcome).Order());
            var saved = results.Single(r => r.Ok).Value!;
            Assert.Equal(st.Revision + 1, saved.Revision);
            Assert.Equal(saved.Text, (await s.GetAsync(s.One)).Statements.Single(x => x.Id == st.Id).Text);
        }
    }

    [Fact]
    public async Task Two_summary_saves_on_the_same_revision_at_once_save_one_and_refuse_the_other()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        for (var round = 0; round < Rounds; round++)
        {
            var results = await Task.WhenAll(
                app.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(s.Two, new SummaryForm { Text = $"Ann's summary {round}.", Revision = round }, s.AnnUserId, None)),
                app.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(s.Two, new SummaryForm { Text = $"Olive's summary {round}.", Revision = round }, s.OrganizerId, None)));
            Assert.Equal([WriteOutcome.Saved, WriteOutcome.Stale], results.Select(r => r.Outcome).Order());
            Assert.Equal(round + 1, results.Single(r => r.Ok).Value);
        }
    }

    [Fact]
    public async Task Statements_added_at_once_get_positions_one_after_another()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => s.AddAsync(s.Two, s.Tate, $"made point {i}.")));
        var positions = (await s.GetAsync(s.Two)).Statements.Select(x => x.Position).ToList();
        Assert.Equal(Enumerable.Range(1, 12), positions);
    }

    [Fact]
    public async Task Presentations_added_at_once_get_positions_one_after_another()
    {
        var organizer = await app.CreateUserAsync("org-concurrent-agenda@pc.example.org", Roles.Organizer);
        var roundtableId = await app.RoundtableAsync(organizer, "Concurrent agenda");
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => app.PresentationAsync(roundtableId, $"Talk {i}")));
        var agenda = await app.Run<ListPresentations, IReadOnlyList<ListPresentations.Row>>(l => l.HandleAsync(roundtableId, None));
        Assert.Equal(Enumerable.Range(1, 10), agenda.Select(p => p.Position));
    }
}
