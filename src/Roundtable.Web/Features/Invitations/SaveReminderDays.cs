using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Invitations;

/// <summary>How many days before the roundtable non-responders are reminded; null is off (the default).</summary>
public sealed class GetReminderDays(Db db)
{
    public async Task<int?> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT reminder_days_before FROM invitation_settings WHERE roundtable_id = @roundtableId", new { roundtableId }, cancellationToken: ct));
    }
}

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
