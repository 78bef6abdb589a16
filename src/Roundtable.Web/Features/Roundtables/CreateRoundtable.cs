namespace Roundtable.Web.Features.Roundtables;

public sealed class CreateRoundtable(Db db, TimeProvider clock)
{
    private const string Sql = """
        INSERT INTO roundtables (title, subtitle, start_date, end_date, start_time, end_time, time_zone, venue,
            host_organization, sponsoring_program, purpose, status, created_by_user_id, created_at, updated_at)
        VALUES (@Title, @Subtitle, @StartDate, @EndDate, @StartTime, @EndTime, @TimeZone, @Venue,
            @HostOrganization, @SponsoringProgram, @Purpose, @Status, @userId, @now, @now)
        RETURNING id
        """;

    public async Task<long> HandleAsync(RoundtableForm form, long userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await InsertAsync(conn, null, form, userId, ct);
    }

    /// <summary>The insert alone, inside a caller's transaction (a follow-up is created with its people and agenda at once).</summary>
    public Task<long> InsertAsync(DbConnection conn, DbTransaction? tx, RoundtableForm form, long userId, CancellationToken ct)
    {
        var p = new DynamicParameters(form.ToParams(clock.GetUtcNow().UtcDateTime));
        p.Add("userId", userId);
        return conn.ExecuteScalarAsync<long>(new CommandDefinition(Sql, p, tx, cancellationToken: ct));
    }
}
