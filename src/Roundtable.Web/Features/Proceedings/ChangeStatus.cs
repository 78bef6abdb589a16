namespace Roundtable.Web.Features.Proceedings;

/// <summary>A rapporteur marks the proceedings edited (ready for approval), or takes them back to draft.</summary>
public sealed class ChangeStatus(Db db, TimeProvider clock)
{
    private const string Sql = "UPDATE proceedings SET status = @status WHERE presentation_id = @presentationId";

    public async Task<WriteResult<string>> HandleAsync(long presentationId, string status, long userId, CancellationToken ct)
    {
        if (status is not (ProceedingStatus.Draft or ProceedingStatus.Edited))
        {
            return WriteResult<string>.Invalid("Status", "Proceedings can be marked “draft” or “edited”; approval is an organizer's separate step.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
        var current = await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct);
        if (current == ProceedingStatus.Approved)
        {
            return WriteResult<string>.Locked();
        }
        if (current != status)
        {
            await conn.ExecuteAsync(new CommandDefinition(Sql, new { presentationId, status }, tx, cancellationToken: ct));
            await ProceedingsStore.EventAsync(conn, tx, presentationId, status == ProceedingStatus.Edited ? "marked-edited" : "back-to-draft", "", userId, now, ct);
        }
        await tx.CommitAsync(ct);
        return WriteResult<string>.Saved(status);
    }
}
