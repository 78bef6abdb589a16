using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>Revisions and optimistic concurrency against a real SQLite file.</summary>
public sealed class RevisionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private Task<WriteResult<long>> SaveSummary(long presentationId, string text, long revision, long userId) =>
        app.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(presentationId, new SummaryForm { Text = text, Revision = revision }, userId, None));

    private Task<WriteResult<StatementRecord>> Update(long presentationId, StatementRecord s, string text, long userId, long? revision = null) =>
        app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(presentationId, s.Id,
            new StatementForm { SpeakerId = s.SpeakerId, Kind = s.Kind, Text = text, Revision = revision ?? s.Revision }, userId, None));

    private async Task<List<(string Action, long Revision, string Text)>> RevisionsAsync(long presentationId, long? statementId)
    {
        await using var conn = await app.Db.OpenAsync();
        return (await conn.QueryAsync<(string, long, string)>(
            "SELECT action, revision, text FROM proceeding_revisions WHERE presentation_id = @presentationId AND (statement_id = @statementId OR (statement_id IS NULL AND @statementId IS NULL)) ORDER BY id",
            new { presentationId, statementId })).AsList();
    }

    [Fact]
    public async Task Every_summary_save_is_a_revision_with_who_and_what()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        Assert.Equal(1, (await SaveSummary(s.One, "{presenter} opened.", 0, s.AnnUserId)).Value);
        Assert.Equal(2, (await SaveSummary(s.One, "{presenter} opened, briefly.", 1, s.OrganizerId)).Value);
        Assert.Equal(2, (await SaveSummary(s.One, "{presenter} opened, briefly.", 2, s.AnnUserId)).Value);
        var (revisions, _) = await app.Run<ListHistory, (IReadOnlyList<ListHistory.Entry>, IReadOnlyList<ListHistory.Event>)>(f => f.HandleAsync(s.One, 100, None));
        Assert.Equal([("Olive Organizer", 2L, "{presenter} opened, briefly."), ("Ann Rapp", 1L, "{presenter} opened.")],
            revisions.Select(r => (r.By, r.Revision, r.Text)));
    }

    [Fact]
    public async Task A_stale_summary_save_is_refused_the_newer_text_returned_and_the_refused_text_kept()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await SaveSummary(s.One, "First tab's text.", 0, s.AnnUserId);
        await SaveSummary(s.One, "Second rapporteur's text.", 1, s.OrganizerId);
        var stale = await SaveSummary(s.One, "First tab, typed on top of revision 1.", 1, s.AnnUserId);
        Assert.Equal(WriteOutcome.Stale, stale.Outcome);
        var current = Assert.IsType<SaveSummary.Current>(stale.Current);
        Assert.Equal(("Second rapporteur's text.", 2L, "Olive Organizer"), (current.Text, current.Revision, current.UpdatedBy));
        Assert.Equal("Second rapporteur's text.", (await s.GetAsync(s.One)).Summary);
        Assert.Contains(("refused", 2L, "First tab, typed on top of revision 1."), await RevisionsAsync(s.One, null));
    }

    [Fact]
    public async Task A_statement_edited_on_an_old_revision_is_refused_with_the_newer_version()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var st = await s.AddAsync(s.One, s.Tate, "noted that the ice was thin.");
        var theirs = await Update(s.One, st, "noted that the ice was very thin.", s.OrganizerId);
        Assert.True(theirs.Ok);
        var mine = await Update(s.One, st, "noted that the ice was thinning fast.", s.AnnUserId);
        Assert.Equal(WriteOutcome.Stale, mine.Outcome);
        var current = Assert.IsType<StatementRecord>(mine.Current);
        Assert.Equal(("noted that the ice was very thin.", 2L), (current.Text, current.Revision));
        Assert.Equal("noted that the ice was very thin.", (await s.GetAsync(s.One)).Statements.Single().Text);
        Assert.Equal(["created", "edited", "refused"], (await RevisionsAsync(s.One, st.Id)).Select(r => r.Action));
        var merged = await Update(s.One, st, "noted that the ice was very thin, and thinning fast.", s.AnnUserId, current.Revision);
        Assert.Equal(3, merged.Value!.Revision);
    }

    [Fact]
    public async Task Deleting_keeps_the_statement_restorable_and_a_restored_statement_comes_back_in_place()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var a = await s.AddAsync(s.One, s.Tate, "asked first.");
        var b = await s.AddAsync(s.One, null, "asked second.");
        var c = await s.AddAsync(s.One, s.Nwosu, "asked third.");
        var deleted = await app.Run<DeleteStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, b.Id, b.Revision, s.AnnUserId, None));
        Assert.True(deleted.Value!.Deleted);
        var p = await s.GetAsync(s.One);
        Assert.Equal([a.Id, c.Id], p.Statements.Select(x => x.Id));
        Assert.Equal([b.Id], p.Deleted.Select(x => x.Id));
        await app.Run<RestoreStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, b.Id, s.AnnUserId, None));
        Assert.Equal([a.Id, b.Id, c.Id], (await s.GetAsync(s.One)).Statements.Select(x => x.Id));
    }

    [Fact]
    public async Task Split_merge_and_reorder_keep_every_word()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var a = await s.AddAsync(s.One, s.Tate, "noted that ships were few. He added that ports were fewer.");
        var other = await s.AddAsync(s.One, s.Nwosu, "replied that both would change.");
        var split = await app.Run<SplitStatement, WriteResult<(StatementRecord First, StatementRecord Second)>>(
            f => f.HandleAsync(s.One, a.Id, new SplitForm { Revision = a.Revision, At = 27 }, s.AnnUserId, None));
        Assert.Equal(("noted that ships were few.", "He added that ports were fewer."), (split.Value.First.Text, split.Value.Second.Text));
        Assert.Equal(s.Tate, split.Value.Second.SpeakerId);
        Assert.Equal([a.Id, split.Value.Second.Id, other.Id], (await s.GetAsync(s.One)).Statements.Select(x => x.Id));

        var refused = await app.Run<MergeStatements, WriteResult<StatementRecord>>(
            f => f.HandleAsync(s.One, split.Value.Second.Id, split.Value.Second.Revision, other.Revision, s.AnnUserId, None));
        Assert.Equal(WriteOutcome.Invalid, refused.Outcome);

        var merged = await app.Run<MergeStatements, WriteResult<StatementRecord>>(
            f => f.HandleAsync(s.One, a.Id, split.Value.First.Revision, split.Value.Second.Revision, s.AnnUserId, None));
        Assert.Equal("noted that ships were few. He added that ports were fewer.", merged.Value!.Text);
        Assert.Equal([a.Id, other.Id], (await s.GetAsync(s.One)).Statements.Select(x => x.Id));

        var order = await app.Run<ReorderStatements, WriteResult<IReadOnlyList<long>>>(f => f.HandleAsync(s.One, [other.Id, a.Id], s.AnnUserId, None));
        Assert.True(order.Ok);
        Assert.Equal([other.Id, a.Id], (await s.GetAsync(s.One)).Statements.Select(x => x.Id));
        var stale = await app.Run<ReorderStatements, WriteResult<IReadOnlyList<long>>>(f => f.HandleAsync(s.One, [a.Id], s.AnnUserId, None));
        Assert.Equal(WriteOutcome.Stale, stale.Outcome);
    }

    [Fact]
    public async Task A_statement_sent_twice_with_the_same_client_key_is_saved_once()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var form = new StatementForm { SpeakerId = s.Tate, Kind = "remark", Text = "noted the weather.", ClientKey = "k-1" };
        var first = await app.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, form, s.AnnUserId, None));
        var again = await app.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, form, s.AnnUserId, None));
        Assert.Equal(first.Value!.Id, again.Value!.Id);
        Assert.Single((await s.GetAsync(s.One)).Statements);
    }

    [Fact]
    public async Task Restoring_an_old_revision_is_a_new_revision_and_never_skips_a_newer_one()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var st = await s.AddAsync(s.One, s.Tate, "noted version one.");
        var v2 = (await Update(s.One, st, "noted version two.", s.AnnUserId)).Value!;
        var firstRevisionId = (await app.Run<ListHistory, (IReadOnlyList<ListHistory.Entry>, IReadOnlyList<ListHistory.Event>)>(f => f.HandleAsync(s.One, 100, None)))
            .Item1.Single(r => r.Action == "created").Id;
        var stale = await app.Run<RestoreRevision, WriteResult<long>>(f => f.HandleAsync(s.One, firstRevisionId, 1, s.AnnUserId, None));
        Assert.Equal(WriteOutcome.Stale, stale.Outcome);
        var restored = await app.Run<RestoreRevision, WriteResult<long>>(f => f.HandleAsync(s.One, firstRevisionId, v2.Revision, s.AnnUserId, None));
        Assert.Equal(3, restored.Value);
        Assert.Equal("noted version one.", (await s.GetAsync(s.One)).Statements.Single().Text);
        Assert.Equal(["created", "edited", "reverted"], (await RevisionsAsync(s.One, st.Id)).Select(r => r.Action));
    }

    [Fact]
    public async Task Every_write_stores_the_statement_rendered_as_the_report_prints_it()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        async Task AssertInStepAsync(int expected)
        {
            await using var conn = await app.Db.OpenAsync();
            var rows = (await conn.QueryAsync<(string Text, string? Html)>(
                "SELECT text, html FROM statements WHERE presentation_id = @id AND deleted_at IS NULL", new { id = s.One })).AsList();
            Assert.Equal(expected, rows.Count);
            Assert.All(rows, r => Assert.Equal(Roundtable.Web.Infrastructure.Markdown.ToSafeHtml(r.Text), r.Html));
        }
        var a = await s.AddAsync(s.One, s.Tate, "noted that *ships* were few. He added that ports (see www.example.org) were fewer.");
        await AssertInStepAsync(1);
        var edited = await Update(s.One, a, "noted that **ships** were few.\n\nHe added that ports were fewer.", s.AnnUserId);
        await AssertInStepAsync(1);
        var split = await app.Run<SplitStatement, WriteResult<(StatementRecord First, StatementRecord Second)>>(
            f => f.HandleAsync(s.One, a.Id, new SplitForm { Revision = edited.Value!.Revision, At = 30 }, s.AnnUserId, None));
        Assert.True(split.Ok);
        await AssertInStepAsync(2);
        var merged = await app.Run<MergeStatements, WriteResult<StatementRecord>>(
            f => f.HandleAsync(s.One, a.Id, split.Value.First.Revision, split.Value.Second.Revision, s.AnnUserId, None));
        Assert.True(merged.Ok);
        await AssertInStepAsync(1);
        long first;
        await using (var conn = await app.Db.OpenAsync())
        {
            first = await conn.ExecuteScalarAsync<long>("SELECT MIN(id) FROM proceeding_revisions WHERE statement_id = @id", new { id = a.Id });
        }
        var restored = await app.Run<RestoreRevision, WriteResult<long>>(f => f.HandleAsync(s.One, first, merged.Value!.Revision, s.AnnUserId, None));
        Assert.True(restored.Ok, restored.Outcome.ToString());
        Assert.Contains("*ships*", (await s.GetAsync(s.One)).Statements.Single().Text);
        await AssertInStepAsync(1);
    }
}
