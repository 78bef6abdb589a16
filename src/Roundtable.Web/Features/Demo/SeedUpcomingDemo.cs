using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Demo;

/// <summary>
/// The demo's main roundtable has taken place, so nobody could answer its invitations. This adds an upcoming
/// workshop (six weeks after the first start) with the same people, not yet invited, to try invitations on.
/// </summary>
public sealed class SeedUpcomingDemo(Db db, CreateRoundtable createRoundtable, AddParticipant addParticipant, TimeProvider clock)
{
    public const string Title = "Northern Sea Routes: Ports, Insurance and Rescue";

    private static readonly (string Who, string[] Roles)[] Invitees =
    [
        ("voss@meridian.example.org", ["organizer", "director"]),
        ("okafor@meridian.example.org", ["organizer", "rapporteur"]),
        ("lindqvist@meridian.example.org", ["rapporteur"]),
        ("p.whitcombe@cna.example.org", ["keynote", "presenter"]),
        ("anwosu@eastbridge.example.edu", ["presenter"]),
        ("l.eriksen@coastal.example.org", ["presenter"]),
        ("mtanaka@prsf.example.org", ["participant"]),
        ("rgoldberg@osp.example.gov", ["participant"]),
        ("t.kowalczyk@bsi.example.org", ["participant"]),
        ("btate@harbor.example.com", ["participant"]),
        ("Aisha Rahman", ["observer"]),
    ];

    private const string UserSql = "SELECT id FROM users WHERE email_normalized = @email";
    private const string ExistsSql = "SELECT COUNT(*) FROM roundtables WHERE title = @Title";
    private const string PersonSql = "SELECT id FROM people WHERE email_normalized = @key OR (email IS NULL AND full_name = @name)";

    public async Task<bool> HandleAsync(CancellationToken ct)
    {
        long organizer;
        await using (var conn = await db.OpenAsync(ct))
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ExistsSql, new { Title }, cancellationToken: ct)) > 0
                || await conn.ExecuteScalarAsync<long?>(new CommandDefinition(UserSql, new { email = "VOSS@MERIDIAN.EXAMPLE.ORG" }, cancellationToken: ct)) is not { } userId)
            {
                return false;
            }
            organizer = userId;
        }
        var id = await createRoundtable.HandleAsync(new RoundtableForm
        {
            Title = Title,
            Subtitle = "A working session on shipping in a warming Arctic",
            StartDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(42),
            StartTime = new TimeOnly(9, 30),
            EndTime = new TimeOnly(16, 30),
            TimeZone = "Europe/Oslo",
            Venue = "Fram Centre, Tromsø",
            HostOrganization = "Meridian Institute for Strategic Studies",
            SponsoringProgram = "Program on Northern Security",
            Purpose = "To ask what ports, insurers and rescue services need before traffic on the northern sea routes doubles.",
            Status = "planning",
        }, organizer, ct);
        await using var lookup = await db.OpenAsync(ct);
        foreach (var (who, roles) in Invitees)
        {
            var personId = await lookup.ExecuteScalarAsync<long?>(new CommandDefinition(PersonSql, new { key = who.ToUpperInvariant(), name = who }, cancellationToken: ct));
            if (personId is null)
            {
                continue;
            }
            await addParticipant.HandleAsync(id, new ParticipantForm { PersonId = personId, Roles = [.. roles], MayBeNamed = true, InvitationStatus = "not_invited" }, ct);
        }
        return true;
    }
}
