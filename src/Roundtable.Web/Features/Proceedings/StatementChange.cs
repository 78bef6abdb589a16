namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// The opening every change to one statement shares: one connection and one transaction, the presentation locked, the
/// statement loaded, and a refusal when it is not in this presentation or the proceedings are approved and locked.
/// </summary>
internal sealed class StatementChange : IAsyncDisposable
{
    private WriteOutcome? refused;

    public required DbConnection Conn { get; init; }
    public required DbTransaction Tx { get; init; }

    /// <summary>The statement as stored; set whenever <see cref="Refusal{T}"/> is null.</summary>
    public StatementRecord? Current { get; private init; }

    public static async Task<StatementChange> OpenAsync(Db db, long presentationId, long id, DateTime now, CancellationToken ct)
    {
        var conn = await db.OpenForSaveAsync(ct);
        try
        {
            var tx = await db.BeginSaveAsync(conn, ct);
            await RowLocks.PresentationAsync(conn, tx, presentationId, ct);
            var current = await StatementRecord.LoadAsync(conn, tx, presentationId, id, ct);
            var refused = current is null ? WriteOutcome.NotFound
                : await ProceedingsStore.OpenAsync(conn, tx, presentationId, now, ct) == ProceedingStatus.Approved ? WriteOutcome.Locked
                : (WriteOutcome?)null;
            return new StatementChange { Conn = conn, Tx = tx, Current = current, refused = refused };
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>The refusal in the caller's result type; null when the change may go ahead.</summary>
    public WriteResult<T>? Refusal<T>() => refused switch
    {
        WriteOutcome.NotFound => WriteResult<T>.NotFound(),
        WriteOutcome.Locked => WriteResult<T>.Locked(),
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        await Tx.DisposeAsync();
        await Conn.DisposeAsync();
    }
}
