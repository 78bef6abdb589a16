using Dapper;
using Roundtable.Web.Features.Invitations;
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
