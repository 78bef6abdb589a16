namespace Roundtable.Web.Features.Invitations;

public sealed class SaveReminderDays(Db db, TimeProvider clock)
{
    private const string Sql = """
        INSERT INTO invitation_settings (roundtable_id, reminder_days_before, updated_at) VALUES (@roundtableId, @days, @now)
        ON CONFLICT (roundtable_id) DO UPDATE SET reminder_days_before = excluded.reminder_days_before, updated_at = excluded.updated_at
        """;

    public async Task<Result<int?>> HandleAsync(long roundtableId, int? days, CancellationToken ct)
    {
        if (days is < 1 or > 60)
        {
            return Result<int?>.Fail("ReminderDays", "Reminders can be sent between 1 and 60 days before the roundtable (leave empty for none).");
        }
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { roundtableId, days, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
        return Result<int?>.Success(days);
    }
}
