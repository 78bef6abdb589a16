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
