using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>Draft, edited, approved; the leak check before approval; refusals of bad input. Real SQLite.</summary>
public sealed class LifecycleTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private Task<IReadOnlyList<CheckLeaks.Finding>> LeaksAsync(ProceedingsScenario s, long presentationId) =>
        app.Run<CheckLeaks, IReadOnlyList<CheckLeaks.Finding>>(f => f.HandleAsync(s.RoundtableId, presentationId, None));

    private async Task<WriteResult<bool>> ApproveAsync(ProceedingsScenario s, long presentationId)
    {
        var version = (await s.GetAsync(presentationId)).Version;
        return await app.Run<ApproveProceedings, WriteResult<bool>>(f => f.HandleAsync(s.RoundtableId, presentationId, version, s.OrganizerId, None));
    }

    [Fact]
    public async Task Leak_check_finds_as_surname_said_inside_another_statement_when_that_person_may_not_be_named()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.Two, s.Tate, "agreed, as Harlan said this morning, that deterrence held.");
        var hit = Assert.Single(await LeaksAsync(s, s.Two));
        Assert.Equal(("Harlan", "Final Presentation", false), (hit.Hit.Term, hit.Hit.Passage.Place.Split(',')[0], hit.Overridden));
        Assert.Contains("statement 1 (William Tate)", hit.Hit.Passage.Place);
    }

    [Fact]
    public async Task Leak_check_stays_quiet_when_the_person_may_be_named()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.Two, s.Nwosu, "replied, as Tate said, that it was so; Bill agreed.");
        Assert.Empty(await LeaksAsync(s, s.Two));
    }

    [Fact]
    public async Task An_unnamed_presenters_name_in_their_own_summary_is_a_leak_and_the_placeholder_is_not()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await app.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(s.One, new SummaryForm { Text = "{presenter} argued, as Jim often does, that ice mattered.", Revision = 0 }, s.AnnUserId, None));
        var hit = Assert.Single(await LeaksAsync(s, s.One));
        Assert.Equal(("Jim", null), (hit.Hit.Term, hit.StatementId));
        Assert.StartsWith("The presenter argued", (await s.GetAsync(s.One)).PublishedSummary);
    }

    [Fact]
    public async Task Approval_waits_for_edited_and_for_every_leak_to_be_fixed_or_overridden_with_a_logged_reason()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.Two, s.Tate, "noted that the Bill before parliament would fund icebreakers.");
        var harlanLeak = await s.AddAsync(s.Two, s.Tate, "agreed with Harlan.");
        Assert.Equal(WriteOutcome.Invalid, (await ApproveAsync(s, s.Two)).Outcome); // still a draft
        await app.Run<ChangeStatus, WriteResult<string>>(f => f.HandleAsync(s.Two, ProceedingStatus.Edited, s.BenUserId, None));
        var blocked = await ApproveAsync(s, s.Two);
        Assert.Contains("leak check found 1 name", blocked.Errors.Single().Message);

        var noReason = await app.Run<OverrideLeak, WriteResult<bool>>(f => f.HandleAsync(s.RoundtableId, s.Two, new LeakOverrideForm { StatementId = harlanLeak.Id, Term = "Harlan", Reason = "" }, s.OrganizerId, None));
        Assert.Equal(WriteOutcome.Invalid, noReason.Outcome);
        var overridden = await app.Run<OverrideLeak, WriteResult<bool>>(f => f.HandleAsync(s.RoundtableId, s.Two,
            new LeakOverrideForm { StatementId = harlanLeak.Id, Term = "Harlan", Reason = "Harlan agreed in writing to this one mention." }, s.OrganizerId, None));
        Assert.True(overridden.Ok);
        Assert.True((await ApproveAsync(s, s.Two)).Ok);
        Assert.Equal(ProceedingStatus.Approved, (await s.GetAsync(s.Two)).Status);
        await using var conn = await app.Db.OpenAsync();
        var log = (await conn.QueryAsync<(string, string)>("SELECT action, note FROM proceeding_events WHERE presentation_id = @p ORDER BY id", new { p = s.Two })).AsList();
        Assert.Equal(["marked-edited", "leak-override", "approved"], log.Select(l => l.Item1));
        Assert.Contains("agreed in writing", log[1].Item2);
    }

    [Fact]
    public async Task Approved_text_refuses_every_change_until_reopened_and_reopening_is_logged()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var st = await s.AddAsync(s.Two, s.Tate, "noted the thaw.", s.BenUserId);
        await app.Run<ChangeStatus, WriteResult<string>>(f => f.HandleAsync(s.Two, ProceedingStatus.Edited, s.BenUserId, None));
        Assert.True((await ApproveAsync(s, s.Two)).Ok);

        var edit = await app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.Two, st.Id,
            new StatementForm { SpeakerId = s.Tate, Kind = "remark", Text = "noted the freeze.", Revision = st.Revision }, s.BenUserId, None));
        var add = await app.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.Two, new StatementForm { Kind = "remark", Text = "added more." }, s.BenUserId, None));
        var summary = await app.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(s.Two, new SummaryForm { Text = "x", Revision = 0 }, s.BenUserId, None));
        var delete = await app.Run<DeleteStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.Two, st.Id, st.Revision, s.BenUserId, None));
        var draft = await app.Run<ChangeStatus, WriteResult<string>>(f => f.HandleAsync(s.Two, ProceedingStatus.Draft, s.BenUserId, None));
        Assert.All(new[] { edit.Outcome, add.Outcome, summary.Outcome, delete.Outcome, draft.Outcome }, o => Assert.Equal(WriteOutcome.Locked, o));
        Assert.Equal("noted the thaw.", (await s.GetAsync(s.Two)).Statements.Single().Text);

        Assert.Equal(WriteOutcome.Invalid, (await app.Run<ReopenProceedings, WriteResult<bool>>(f => f.HandleAsync(s.Two, " ", s.OrganizerId, None))).Outcome);
        Assert.True((await app.Run<ReopenProceedings, WriteResult<bool>>(f => f.HandleAsync(s.Two, "A typo in the second statement.", s.OrganizerId, None))).Ok);
        var again = await app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.Two, st.Id,
            new StatementForm { SpeakerId = s.Tate, Kind = "remark", Text = "noted the freeze.", Revision = st.Revision }, s.BenUserId, None));
        Assert.True(again.Ok);
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal("A typo in the second statement.", await conn.ExecuteScalarAsync<string>(
            "SELECT note FROM proceeding_events WHERE presentation_id = @p AND action = 'reopened'", new { p = s.Two }));
    }

    [Fact]
    public async Task Empty_statements_unknown_speakers_and_other_roundtables_are_refused_and_nothing_is_saved()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        var other = await ProceedingsScenario.CreateAsync(app);
        Task<WriteResult<StatementRecord>> Add(StatementForm form) =>
            app.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, form, s.AnnUserId, None));

        Assert.Equal("Text", (await Add(new StatementForm { Kind = "remark", Text = "   " })).Errors.Single().Field);
        Assert.Equal("SpeakerId", (await Add(new StatementForm { SpeakerId = other.Tate, Kind = "remark", Text = "noted." })).Errors.Single().Field);
        Assert.Equal("SpeakerId", (await Add(new StatementForm { SpeakerId = 999_999, Kind = "remark", Text = "noted." })).Errors.Single().Field);
        Assert.Equal("Kind", (await Add(new StatementForm { Kind = "rant", Text = "noted." })).Errors.Single().Field);
        Assert.Empty((await s.GetAsync(s.One)).Statements);

        var st = await s.AddAsync(s.One, s.Tate, "noted the thaw.");
        var moved = await app.Run<MoveStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, st.Id, st.Revision, other.Two, s.AnnUserId, None));
        Assert.Contains("not on this roundtable's agenda", moved.Errors.Single().Message);
        var wrongPlace = await app.Run<UpdateStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(other.One, st.Id,
            new StatementForm { Kind = "remark", Text = "hijacked", Revision = st.Revision }, s.AnnUserId, None));
        Assert.Equal(WriteOutcome.NotFound, wrongPlace.Outcome);
        Assert.Equal("noted the thaw.", (await s.GetAsync(s.One)).Statements.Single().Text);

        var within = await app.Run<MoveStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(s.One, st.Id, st.Revision, s.Two, s.AnnUserId, None));
        Assert.True(within.Ok);
        Assert.Equal([st.Id], (await s.GetAsync(s.Two)).Statements.Select(x => x.Id));
    }

    [Fact]
    public async Task Published_labels_follow_consent_and_start_afresh_in_each_presentation()
    {
        var s = await ProceedingsScenario.CreateAsync(app);
        await s.AddAsync(s.One, s.Harlan, "opened the discussion.");
        await s.AddAsync(s.One, s.Tate, "asked about ships.");
        await s.AddAsync(s.Two, s.Harlan, "asked about law.");
        await s.AddAsync(s.Two, s.Nwosu, "replied that it held.");
        Assert.Equal(["The presenter", "William Tate"], (await s.GetAsync(s.One)).Statements.Select(x => x.Label));
        Assert.Equal(["A participant", "Amara Nwosu"], (await s.GetAsync(s.Two)).Statements.Select(x => x.Label));
    }
}
