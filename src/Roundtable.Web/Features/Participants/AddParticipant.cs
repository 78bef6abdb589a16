using Roundtable.Web.Features.Attribution;

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
