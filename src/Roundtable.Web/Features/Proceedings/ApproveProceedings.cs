namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// An organizer approves edited proceedings, exactly as they last saw them (version), when the leak check has no
/// open hit. Approved proceedings are locked until reopened.
/// </summary>
public sealed class ApproveProceedings(Db db, CheckLeaks leaks, TimeProvider clock)
{
    private const string StateSql = "SELECT status, version FROM proceedings WHERE presentation_id = @presentationId";

    private const string Sql = """
        UPDATE proceedings SET status = 'approved', approved_by_user_id = @userId, approved_at = @now
        WHERE presentation_id = @presentationId AND version = @version AND status = 'edited'
        """;

    private sealed class State
    {
        public string Status { get; init; } = "";
        public long Version { get; init; }
    }

    public async Task<WriteResult<bool>> HandleAsync(long roundtableId, long presentationId, long version, long userId, CancellationToken ct)
    {
        var open = (await leaks.HandleAsync(roundtableId, presentationId, ct)).Count(f => !f.Overridden);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
        await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct);
        var state = await conn.QuerySingleAsync<State>(new CommandDefinition(StateSql, new { presentationId }, tx, cancellationToken: ct));
        if (state.Status == ProceedingStatus.Approved)
        {
            return WriteResult<bool>.Locked();
        }
        if (state.Version != version)
        {
            return WriteResult<bool>.Stale(new { state.Version });
        }
        if (state.Status != ProceedingStatus.Edited)
        {
            return WriteResult<bool>.Invalid("Status", "The rapporteur has not marked these proceedings as edited yet.");
        }
        if (open > 0)
        {
            return WriteResult<bool>.Invalid("Leaks", $"The leak check found {open} name{(open == 1 ? "" : "s")} that must not appear. Fix the text, or override each hit with a reason.");
        }
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { presentationId, version, userId, now }, tx, cancellationToken: ct));
        await ProceedingsStore.EventAsync(conn, tx, presentationId, "approved", "", userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<bool>.Saved(true);
    }
}
