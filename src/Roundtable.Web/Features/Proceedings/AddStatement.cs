namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Adds a statement to a discussion, at the end or after a given statement. A statement sent again with the same
/// client key (the browser resending after a lost answer) is saved once.
/// </summary>
public sealed class AddStatement(Db db, TimeProvider clock)
{
    private const string ByKeySql = "SELECT id FROM statements WHERE presentation_id = @presentationId AND client_key = @clientKey";

    private const string AfterSql = "SELECT position FROM statements WHERE id = @after AND presentation_id = @presentationId AND deleted_at IS NULL";

    private const string ShiftSql = "UPDATE statements SET position = position + 1 WHERE presentation_id = @presentationId AND position > @position";

    private const string EndSql = "SELECT COALESCE(MAX(position), 0) + 1 FROM statements WHERE presentation_id = @presentationId";

    public async Task<WriteResult<StatementRecord>> HandleAsync(long presentationId, StatementForm form, long userId, CancellationToken ct) =>
        await AddAsync(presentationId, form, userId, "created", ct);

    internal async Task<WriteResult<StatementRecord>> AddAsync(long presentationId, StatementForm form, long userId, string action, CancellationToken ct)
    {
        var text = ProceedingsStore.Clean(form.Text);
        var clientKey = string.IsNullOrWhiteSpace(form.ClientKey) ? null : form.ClientKey.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenForSaveAsync(ct);
        await using var tx = await db.BeginSaveAsync(conn, ct);
        if (await ProceedingsStore.LockAndCheckApprovedAsync(conn, tx, presentationId, now, ct))
        {
            return WriteResult<StatementRecord>.Locked();
        }
        if (clientKey is not null
            && await conn.ExecuteScalarAsync<long?>(new CommandDefinition(ByKeySql, new { presentationId, clientKey }, tx, cancellationToken: ct)) is { } existing)
        {
            return WriteResult<StatementRecord>.Saved((await StatementRecord.LoadAsync(conn, tx, presentationId, existing, ct))!);
        }
        var errors = new List<FieldError>();
        long position;
        if (form.After is { } after)
        {
            var afterPosition = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(AfterSql, new { after, presentationId }, tx, cancellationToken: ct));
            if (afterPosition is null)
            {
                errors.Add(new FieldError(nameof(form.After), $"Statement {after} is not in this discussion."));
            }
            position = (afterPosition ?? 0) + 1;
        }
        else
        {
            position = await conn.ExecuteScalarAsync<long>(new CommandDefinition(EndSql, new { presentationId }, tx, cancellationToken: ct));
        }
        errors.AddRange(await ProceedingsStore.CheckAsync(conn, tx, presentationId, form, null, position, ct));
        if (errors.Count > 0)
        {
            return WriteResult<StatementRecord>.Invalid(errors);
        }
        if (form.After is not null)
        {
            await conn.ExecuteAsync(new CommandDefinition(ShiftSql, new { presentationId, position = position - 1 }, tx, cancellationToken: ct));
        }
        var record = await ProceedingsStore.InsertStatementAsync(conn, tx, presentationId, position, form, text, clientKey, action, userId, now, ct);
        await ProceedingsStore.TouchAsync(conn, tx, presentationId, userId, now, ct);
        await tx.CommitAsync(ct);
        return WriteResult<StatementRecord>.Saved(record);
    }
}
