namespace Roundtable.Web.Features.Proceedings;

public sealed class DiscussionHeadingForm
{
    /// <summary>Whether the appendix prints the "Discussion." division before this presentation's statements.</summary>
    public bool Printed { get; set; } = true;
}

/// <summary>The rapporteur's choice whether "Discussion." divides the summary from the statements in the printed appendix.</summary>
public sealed class SetDiscussionHeading(Db db, TimeProvider clock)
{
    private const string Sql = "UPDATE presentations SET discussion_heading = @printed WHERE id = @presentationId";

    public async Task<WriteResult<bool>> HandleAsync(long presentationId, bool printed, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ProceedingsStore.LockAndCheckApprovedAsync(conn, tx, presentationId, now, ct))
        {
            return WriteResult<bool>.Locked();
        }
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { presentationId, printed }, tx, cancellationToken: ct));
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<bool>.Saved(printed);
    }
}
