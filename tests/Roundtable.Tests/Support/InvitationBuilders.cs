using Dapper;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Support;

/// <summary>Roundtables with invitees, and invitations put in the outbox through the app's own use case.</summary>
public static class InvitationBuilders
{
    public static async Task<(long RoundtableId, List<long> Participations)> RoundtableWithInviteesAsync(this AppFactory app, string prefix, int count)
    {
        var organizerId = await app.CreateUserAsync($"org-{prefix}@tests.example.org", Roles.Organizer);
        var roundtableId = await app.RoundtableAsync(organizerId, $"Roundtable {prefix}");
        var participations = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var person = await app.PersonAsync($"{prefix} Person{i:000}", $"{prefix.ToLowerInvariant()}{i:000}@invitees.example.org");
            participations.Add(await app.ParticipantAsync(roundtableId, person));
        }
        return (roundtableId, participations);
    }

    /// <summary>
    /// A roundtable <paramref name="daysAhead"/> days from today (UTC) with <paramref name="count"/> participants, none
    /// invited yet: reminders depend on how near it is.
    /// </summary>
    public static async Task<(long RoundtableId, List<long> Participations)> SoonRoundtableWithInviteesAsync(this AppFactory app, string prefix, int daysAhead, int count)
    {
        var organizerId = await app.CreateUserAsync($"org-{prefix}@tests.example.org", Roles.Organizer);
        var roundtableId = await app.Run<CreateRoundtable, long>(c => c.HandleAsync(new RoundtableForm
        {
            Title = $"Soon {prefix}", StartDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysAhead), StartTime = new TimeOnly(9, 0),
            EndTime = new TimeOnly(17, 0), TimeZone = "UTC", Venue = "Hall",
        }, organizerId, CancellationToken.None));
        var participations = new List<long>();
        for (var i = 0; i < count; i++)
        {
            participations.Add(await app.ParticipantAsync(roundtableId, await app.PersonAsync($"{prefix} Remindee{i}", $"{prefix.ToLowerInvariant()}{i}@remind.example.org")));
        }
        return (roundtableId, participations);
    }

    public static async Task<InvitationsSent> InviteAsync(this AppFactory app, long roundtableId, IReadOnlyCollection<long> participations, bool update = false)
    {
        var result = await app.Run<SendInvitations, Result<InvitationsSent>>(s => s.HandleAsync(roundtableId, participations, update, null, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    public static async Task<Dictionary<string, int>> OutboxCountsAsync(this AppFactory app, long mailingId)
    {
        await using var conn = await app.Db.OpenAsync();
        var rows = await conn.QueryAsync<(string Status, long N)>("SELECT status, COUNT(*) FROM outbox WHERE mailing_id = @mailingId GROUP BY status", new { mailingId });
        return rows.ToDictionary(r => r.Status, r => (int)r.N);
    }
}
