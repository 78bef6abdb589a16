namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Saves statements confirmed from pasted notes (or sent by a script) at the end of the discussion, all or none:
/// one bad statement refuses the lot, with its number, so nothing is half-imported.
/// </summary>
public sealed class ImportStatements(Db db, TimeProvider clock)
{
    public const int MaxStatements = 500;

    private const string EndSql = "SELECT COALESCE(MAX(position), 0) + 1 FROM statements WHERE presentation_id = @presentationId";

    public async Task<WriteResult<int>> HandleAsync(long presentationId, IReadOnlyList<StatementForm> statements, long userId, CancellationToken ct)
    {
        if (statements.Count == 0)
        {
            return WriteResult<int>.Invalid("Statements", "There is nothing to save: include at least one statement.");
        }
        if (statements.Count > MaxStatements)
        {
            return WriteResult<int>.Invalid("Statements", $"Import at most {MaxStatements} statements at a time.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ProceedingsStore.LockAndCheckApprovedAsync(conn, tx, presentationId, now, ct))
        {
            return WriteResult<int>.Locked();
        }
        // Each statement is checked where it will stand, after the ones before it are in: a "same voice as" number may
        // point at an earlier statement of the same batch. One refusal rolls the whole batch back.
        var errors = new List<FieldError>();
        var position = await conn.ExecuteScalarAsync<long>(new CommandDefinition(EndSql, new { presentationId }, tx, cancellationToken: ct));
        for (var i = 0; i < statements.Count; i++, position++)
        {
            var s = statements[i];
            var refused = await ProceedingsStore.CheckAsync(conn, tx, presentationId, s, null, position, ct);
            foreach (var e in refused)
            {
                errors.Add(new FieldError($"Statements[{i}].{e.Field}", $"Statement {i + 1}: {e.Message}"));
            }
            if (refused.Count == 0)
            {
                await ProceedingsStore.InsertStatementAsync(conn, tx, presentationId, position, s, ProceedingsStore.Clean(s.Text), null, "imported", userId, now, ct);
            }
        }
        if (errors.Count > 0)
        {
            return WriteResult<int>.Invalid(errors);
        }
        await ProceedingsStore.EventAsync(conn, tx, presentationId, "imported", $"{statements.Count} statement{(statements.Count == 1 ? "" : "s")} from pasted notes.", userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<int>.Saved(statements.Count);
    }
}
