namespace Roundtable.Web.Features.Agenda;

/// <summary>Adds a presentation at the end of the agenda.</summary>
public sealed class CreatePresentation(Db db, TimeProvider clock)
{
    private const string Sql = """
        INSERT INTO presentations (roundtable_id, position, title, start_time, end_time, presenter_named, created_at)
        VALUES (@roundtableId, (SELECT COALESCE(MAX(position), 0) + 1 FROM presentations WHERE roundtable_id = @roundtableId),
                @Title, @StartTime, @EndTime, @PresenterNamed, @now)
        RETURNING id
        """;

    public async Task<Result<long>> HandleAsync(long roundtableId, PresentationForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The new position is the last one plus one: two additions at once must not both take it.
        await RowLocks.RoundtableAsync(conn, tx, roundtableId, ct);
        var errors = await PresentationPeople.CheckAsync(conn, tx, roundtableId, form, ct);
        if (errors.Count > 0)
        {
            return Result<long>.Fail(errors);
        }
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(Sql, PresentationPeople.Params(form, roundtableId, clock), tx, cancellationToken: ct));
        await PresentationPeople.ReplaceAsync(conn, tx, id, form, ct);
        await tx.CommitAsync(ct);
        return Result<long>.Success(id);
    }
}
