namespace Roundtable.Web.Features.People;

public sealed class UpdatePerson(Db db, TimeProvider clock)
{
    private const string Sql = """
        UPDATE people SET honorific = @Honorific, full_name = @FullName, name_in_print = @NameInPrint, surname = @Surname,
            sort_name = @SortName, short_names = @ShortNames, first_mention_name = @FirstMentionName, short_form = @ShortForm,
            position = @Position, affiliation = @Affiliation,
            email = @Email, email_normalized = @EmailNormalized, phone = @Phone, biography = @Biography, updated_at = @now,
            -- A changed address is mailed again: the bounce was about the old one.
            email_bounced_at = CASE WHEN email_normalized IS NOT DISTINCT FROM @EmailNormalized THEN email_bounced_at ELSE NULL END,
            email_bounce_reason = CASE WHEN email_normalized IS NOT DISTINCT FROM @EmailNormalized THEN email_bounce_reason ELSE NULL END
        WHERE id = @id
          AND NOT EXISTS (SELECT 1 FROM people o WHERE o.email_normalized = @EmailNormalized AND o.id <> @id)
        """;

    private const string ExistsSql = "SELECT COUNT(*) FROM people WHERE id = @id";

    /// <returns>false when the person does not exist.</returns>
    public async Task<Result<bool>> HandleAsync(long id, PersonForm form, CancellationToken ct)
    {
        if (PersonValues.RefuseImage(form) is { } image)
        {
            return Result<bool>.Fail([image]);
        }
        var v = PersonValues.From(form);
        var p = CreatePerson.Params(v, clock);
        p.Add("id", id);
        await using var conn = await db.OpenAsync(ct);
        try
        {
            if (await conn.ExecuteAsync(new CommandDefinition(Sql, p, cancellationToken: ct)) == 1)
            {
                return Result<bool>.Success(true);
            }
        }
        catch (System.Data.Common.DbException e) when (Db.IsUniqueViolation(e))
        {
            // The NOT EXISTS above cannot see a row another transaction is writing at this moment; the unique index can.
            return Result<bool>.Fail(nameof(PersonForm.Email), $"Another person already has the email {v.Email}.");
        }
        var exists = await conn.ExecuteScalarAsync<long>(new CommandDefinition(ExistsSql, new { id }, cancellationToken: ct)) > 0;
        return exists
            ? Result<bool>.Fail(nameof(PersonForm.Email), $"Another person already has the email {v.Email}.")
            : Result<bool>.Success(false);
    }
}
