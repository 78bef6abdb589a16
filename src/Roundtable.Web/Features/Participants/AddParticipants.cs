using System.Security.Claims;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// Adds several people of the directory to a roundtable with the same roles, in one transaction: all of them, or
/// none when any is not in the user's directory or already takes part (named, so the organizer can untick them).
/// </summary>
public sealed class AddParticipants(Db db, TimeProvider clock)
{
    /// <summary>The field of the refusal that names people already on the roundtable (the API answers it 409).</summary>
    public const string AlreadyPresentField = "AlreadyPresent";

    private sealed class Candidate
    {
        public long Id { get; init; }
        public string FullName { get; init; } = "";
        public bool Visible { get; init; }
        public bool Present { get; init; }
    }

    private const string CandidatesSql = """
        SELECT p.id, p.full_name,
               (@all OR
        """ + People.PeopleScope.VisibleSql + """
               ) AS visible,
               EXISTS (SELECT 1 FROM participations x WHERE x.person_id = p.id AND x.roundtable_id = @roundtableId) AS present
        FROM people p
        WHERE p.id IN @ids
        ORDER BY p.sort_name, p.id
        """;

    private const string InsertSql = """
        INSERT INTO participations (roundtable_id, person_id, may_be_named, biography_in_report, audience_phrase, attended, invitation_status, created_at)
        VALUES (@roundtableId, @personId, @MayBeNamed, @BiographyInReport, '', FALSE, 'not_invited', @now)
        ON CONFLICT (roundtable_id, person_id) DO NOTHING
        RETURNING id
        """;

    /// <returns>The new participations' ids; a refusal naming who is in the way.</returns>
    public async Task<Result<IReadOnlyList<long>>> HandleAsync(ClaimsPrincipal user, long roundtableId, BulkAddForm form, CancellationToken ct)
    {
        var ids = form.PersonIds.Distinct().ToList();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var found = (await conn.QueryAsync<Candidate>(new CommandDefinition(db.SqlWithIdList(CandidatesSql), new
        {
            ids = db.IdList(ids), roundtableId, all = user.IsAdministrator(), userId = user.Id(),
        }, tx, cancellationToken: ct))).AsList();
        if (found.Count != ids.Count || found.Any(c => !c.Visible))
        {
            return Refuse(nameof(form.PersonIds), "Choose people from the directory list: some of the ticked people are not in it. Nothing was added.");
        }
        if (found.Where(c => c.Present).Select(c => c.FullName).ToList() is { Count: > 0 } present)
        {
            return Refuse(AlreadyPresentField, AlreadyThere(present));
        }
        var added = new List<long>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var person in found)
        {
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertSql, new
            {
                roundtableId, personId = person.Id, form.MayBeNamed, form.BiographyInReport, now,
            }, tx, cancellationToken: ct));
            if (id is null)
            {
                // Added by someone else since the check above; the transaction is rolled back.
                return Refuse(AlreadyPresentField, AlreadyThere([person.FullName]));
            }
            await ParticipantRoles.ReplaceAsync(conn, tx, id.Value, form.Roles, ct);
            added.Add(id.Value);
        }
        await tx.CommitAsync(ct);
        return Result<IReadOnlyList<long>>.Success(added);
    }

    internal static string AlreadyThere(IReadOnlyList<string> names) =>
        (names.Count == 1 ? $"{names[0]} already takes part" : $"{string.Join(", ", names.SkipLast(1))} and {names[^1]} already take part") +
        " in this roundtable: untick them, or change their roles in the list of participants. Nothing was added.";

    private static Result<IReadOnlyList<long>> Refuse(string field, string message) => Result<IReadOnlyList<long>>.Fail(field, message);
}
