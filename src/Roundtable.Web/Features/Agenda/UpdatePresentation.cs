namespace Roundtable.Web.Features.Agenda;

public sealed class UpdatePresentation(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE presentations SET title = @Title, start_time = @StartTime, end_time = @EndTime, presenter_named = @PresenterNamed
        WHERE id = @id AND roundtable_id = @roundtableId
        """;

    /// <returns>false when the presentation is not on this roundtable's agenda.</returns>
    public async Task<Result<bool>> HandleAsync(long roundtableId, long id, PresentationForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var errors = await PresentationPeople.CheckAsync(conn, tx, roundtableId, form, ct);
        if (errors.Count > 0)
        {
            return Result<bool>.Fail(errors);
        }
        var p = PresentationPeople.Params(form, roundtableId, clock);
        p.Add("id", id);
        if (await conn.ExecuteAsync(new CommandDefinition(Sql, p, tx, cancellationToken: ct)) == 0)
        {
            return Result<bool>.Success(false);
        }
        await PresentationPeople.ReplaceAsync(conn, tx, id, form, ct);
        await tx.CommitAsync(ct);
        return Result<bool>.Success(true);
    }
}
