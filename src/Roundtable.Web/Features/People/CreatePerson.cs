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
