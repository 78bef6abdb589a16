using System.Data.Common;
using Dapper;
using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Participants;

/// <summary>Adds a person from the directory to a roundtable with a set of roles, in one transaction.</summary>
public sealed class AddParticipant(Db db, TimeProvider clock)
{
    private const string PersonExistsSql = "SELECT COUNT(*) FROM people WHERE id = @personId";

    private const string InsertSql = """
        INSERT INTO participations (roundtable_id, person_id, may_be_named, biography_in_report, audience_phrase, attended, invitation_status, created_at)
        VALUES (@roundtableId, @personId, @MayBeNamed, @BiographyInReport, @audiencePhrase, @Attended, @InvitationStatus, @now)
        ON CONFLICT (roundtable_id, person_id) DO NOTHING
        RETURNING id
        """;

    public async Task<Result<long>> HandleAsync(long roundtableId, ParticipantForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(PersonExistsSql, new { personId = form.PersonId }, cancellationToken: ct)) == 0)
        {
            return Result<long>.Fail(nameof(form.PersonId), "That person is not in the directory.");
        }
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await AudiencePhrases.RefusalAsync(conn, tx, roundtableId, form.PersonId!.Value, form.AudiencePhrase, ct) is { } refusal)
        {
            return Result<long>.Fail(nameof(form.AudiencePhrase), refusal);
        }
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertSql, new
        {
            roundtableId, personId = form.PersonId, form.MayBeNamed, form.BiographyInReport, audiencePhrase = AudiencePhrases.Clean(form.AudiencePhrase),
            form.Attended, form.InvitationStatus,
            now = clock.GetUtcNow().UtcDateTime,
        }, tx, cancellationToken: ct));
        if (id is null)
        {
            return Result<long>.Fail(nameof(form.PersonId), "This person already takes part in this roundtable; edit their roles instead.");
        }
        await ParticipantRoles.ReplaceAsync(conn, tx, id.Value, form.Roles, ct);
        await tx.CommitAsync(ct);
        return Result<long>.Success(id.Value);
    }
}

public sealed class UpdateParticipant(Db db)
{
    private const string Sql = """
        UPDATE participations SET may_be_named = @MayBeNamed, biography_in_report = @BiographyInReport, audience_phrase = @audiencePhrase,
            attended = @Attended, invitation_status = @InvitationStatus
        WHERE id = @id AND roundtable_id = @roundtableId
        """;

    private const string PersonSql = "SELECT person_id FROM participations WHERE id = @id AND roundtable_id = @roundtableId";

    /// <returns>Success(false) when the participation is not part of this roundtable; a refusal when the audience phrase names someone who may not be named.</returns>
    public async Task<Result<bool>> HandleAsync(long roundtableId, long id, ParticipantForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition(PersonSql, new { id, roundtableId }, tx, cancellationToken: ct)) is not { } personId)
        {
            return Result<bool>.Success(false);
        }
        if (await AudiencePhrases.RefusalAsync(conn, tx, roundtableId, personId, form.AudiencePhrase, ct) is { } refusal)
        {
            return Result<bool>.Fail(nameof(form.AudiencePhrase), refusal);
        }
        await conn.ExecuteAsync(new CommandDefinition(Sql, new
        {
            id, roundtableId, form.MayBeNamed, form.BiographyInReport, audiencePhrase = AudiencePhrases.Clean(form.AudiencePhrase), form.Attended, form.InvitationStatus,
        }, tx, cancellationToken: ct));
        await ParticipantRoles.ReplaceAsync(conn, tx, id, form.Roles, ct);
        await tx.CommitAsync(ct);
        return Result<bool>.Success(true);
    }
}

/// <summary>
/// Takes a participant off a roundtable, with their roles and assignments. One who spoke in the proceedings is not
/// removed: their statements (a deleted one too, which may be restored) would lose their speaker without a word, so
/// the organizer is told which presentations to reattribute first.
/// </summary>
public sealed class RemoveParticipant(Db db)
{
    private const string SpokeInSql = """
        SELECT pr.title
        FROM presentations pr
        WHERE pr.roundtable_id = @roundtableId
          AND EXISTS (SELECT 1 FROM statements s WHERE s.presentation_id = pr.id AND s.speaker_participation_id = @id)
        ORDER BY pr.position, pr.id
        """;

    private const string NameSql = """
        SELECT p.full_name FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.id = @id AND pa.roundtable_id = @roundtableId
        """;

    private const string Sql = "DELETE FROM participations WHERE id = @id AND roundtable_id = @roundtableId";

    /// <returns>Whether a participant was removed (false: there is none with that id); an error when they spoke.</returns>
    public async Task<Result<bool>> HandleAsync(long roundtableId, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var spokeIn = (await conn.QueryAsync<string>(new CommandDefinition(SpokeInSql, new { id, roundtableId }, tx, cancellationToken: ct))).AsList();
        if (spokeIn.Count > 0)
        {
            var name = await conn.ExecuteScalarAsync<string>(new CommandDefinition(NameSql, new { id, roundtableId }, tx, cancellationToken: ct));
            var titles = string.Join(", ", spokeIn.Select(t => $"\u201c{t}\u201d"));
            return Result<bool>.Fail("", $"{name} spoke in the proceedings of {titles}. Removing them would leave those statements without " +
                "a speaker, so they stay on the roundtable. To remove them, first give their statements another speaker (or mark them unidentified) in the proceedings.");
        }
        var removed = await conn.ExecuteAsync(new CommandDefinition(Sql, new { id, roundtableId }, tx, cancellationToken: ct)) == 1;
        await tx.CommitAsync(ct);
        return Result<bool>.Success(removed);
    }
}

/// <summary>An audience phrase prints beside a name: it must not name anyone else who may not be named.</summary>
internal static class AudiencePhrases
{
    public static string Clean(string? phrase) => string.Join(' ', (phrase ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static async Task<string?> RefusalAsync(DbConnection conn, DbTransaction tx, long roundtableId, long personId, string? phrase, CancellationToken ct)
    {
        var text = Clean(phrase);
        if (text.Length == 0)
        {
            return null;
        }
        var people = (await ListSpeakers.LoadAsync(conn, tx, roundtableId, ct)).Where(s => !s.MayBeNamed && s.PersonId != personId).Select(s => s.ToProtected());
        var hit = new LeakCheck(people).Scan(new Passage("audience-phrase", "Audience phrase", text)).FirstOrDefault();
        return hit is null ? null
            : $"The audience phrase names {hit.Person.FullName} (“{hit.Term}”), who may not be named in this roundtable's report. Reword it.";
    }
}

internal static class ParticipantRoles
{
    private const string DeleteSql = "DELETE FROM participation_roles WHERE participation_id = @id";
    private const string InsertSql = "INSERT INTO participation_roles (participation_id, role) VALUES (@id, @role)";

    public static async Task ReplaceAsync(DbConnection conn, DbTransaction tx, long id, IEnumerable<string> roles, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { id }, tx, cancellationToken: ct));
        foreach (var role in roles.Distinct())
        {
            await conn.ExecuteAsync(new CommandDefinition(InsertSql, new { id, role }, tx, cancellationToken: ct));
        }
    }
}
