namespace Roundtable.Web.Features.Participants;

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
