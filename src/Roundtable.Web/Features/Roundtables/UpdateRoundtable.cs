namespace Roundtable.Web.Features.Roundtables;

public sealed class UpdateRoundtable(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE roundtables SET title = @Title, subtitle = @Subtitle, start_date = @StartDate, end_date = @EndDate,
            start_time = @StartTime, end_time = @EndTime, time_zone = @TimeZone, venue = @Venue,
            host_organization = @HostOrganization, sponsoring_program = @SponsoringProgram, purpose = @Purpose,
            status = @Status, updated_at = @now
        WHERE id = @id
        """;

    public async Task<bool> HandleAsync(long id, RoundtableForm form, CancellationToken ct)
    {
        var p = new DynamicParameters(form.ToParams(clock.GetUtcNow().UtcDateTime));
        p.Add("id", id);
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(Sql, p, cancellationToken: ct)) == 1;
    }
}
