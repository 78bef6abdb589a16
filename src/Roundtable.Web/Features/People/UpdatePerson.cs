using System.Data.Common;
using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.People;

/// <summary>Adds a person to the directory; an email already in use (ignoring case) is refused.</summary>
public sealed class CreatePerson(Db db, TimeProvider clock)
{
    private const string Sql = """
        INSERT INTO people (honorific, full_name, name_in_print, surname, sort_name, short_names, first_mention_name, short_form,
                            position, affiliation, email, email_normalized, phone, biography, created_at, updated_at)
        VALUES (@Honorific, @FullName, @NameInPrint, @Surname, @SortName, @ShortNames, @FirstMentionName, @ShortForm,
                @Position, @Affiliation, @Email, @EmailNormalized, @Phone, @Biography, @now, @now)
        ON CONFLICT (email_normalized) DO NOTHING
        RETURNING id
        """;

    public async Task<Result<long>> HandleAsync(PersonForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await InsertAsync(conn, null, form, ct);
    }

    /// <summary>The insert alone, inside a caller's transaction.</summary>
    public async Task<Result<long>> InsertAsync(DbConnection conn, DbTransaction? tx, PersonForm form, CancellationToken ct)
    {
        if (PersonValues.RefuseImage(form) is { } image)
        {
            return Result<long>.Fail([image]);
        }
        var v = PersonValues.From(form);
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(Sql, Params(v, clock), tx, cancellationToken: ct));
        return id is { } newId
            ? Result<long>.Success(newId)
            : Result<long>.Fail(nameof(PersonForm.Email), $"Another person already has the email {v.Email}.");
    }

    internal static DynamicParameters Params(PersonValues v, TimeProvider clock)
    {
        var p = new DynamicParameters(v);
        p.Add("now", clock.GetUtcNow().UtcDateTime);
        return p;
    }
}

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
