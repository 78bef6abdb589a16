using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Account;

public sealed class AccountForm
{
    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [Required, StringLength(120), Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [Required, RegularExpression("organizer|rapporteur", ErrorMessage = "Choose organizer or rapporteur.")]
    public string Role { get; set; } = Roles.Rapporteur;

    [Required, StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "Person in the directory")]
    public long? PersonId { get; set; }
}

/// <summary>Creates an organizer or rapporteur account; a rapporteur is linked to their person so assignments reach them.</summary>
public sealed class CreateAccount(Db db, TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    private const string Sql = """
        INSERT INTO users (email, email_normalized, display_name, role, password_hash, person_id, security_stamp, created_at)
        VALUES (@Email, @normalized, @DisplayName, @Role, @hash, @personId, @stamp, @now)
        ON CONFLICT (email_normalized) DO NOTHING
        RETURNING id
        """;

    private const string PersonByEmailSql = "SELECT id FROM people WHERE email_normalized = @normalized";
    private const string PersonExistsSql = "SELECT COUNT(*) FROM people WHERE id = @id";

    public async Task<Result<long>> HandleAsync(AccountForm form, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var normalized = form.Email.Trim().ToUpperInvariant();
        var personId = form.PersonId;
        if (personId is { } pid)
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(PersonExistsSql, new { id = pid }, cancellationToken: ct)) == 0)
            {
                return Result<long>.Fail(nameof(form.PersonId), "That person is not in the directory.");
            }
        }
        else
        {
            personId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(PersonByEmailSql, new { normalized }, cancellationToken: ct));
        }
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(Sql, new
        {
            Email = form.Email.Trim(),
            normalized,
            DisplayName = form.DisplayName.Trim(),
            form.Role,
            hash = hasher.HashPassword(new UserAccount(), form.Password),
            personId,
            stamp = Guid.NewGuid().ToString("N"),
            now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: ct));
        return id is { } newId
            ? Result<long>.Success(newId)
            : Result<long>.Fail(nameof(form.Email), "An account with this email already exists.");
    }
}

public sealed class ListAccounts(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public string? PersonName { get; init; }
        public DateTime? LockedUntil { get; init; }
    }

    private const string Sql = """
        SELECT u.id, u.email, u.display_name, u.role, p.full_name AS person_name, u.locked_until
        FROM users u LEFT JOIN people p ON p.id = u.person_id
        ORDER BY u.role, u.display_name
        """;

    private const string CountSql = "SELECT COUNT(*) FROM users";

    public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, cancellationToken: ct))).AsList();
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: ct)) > 0;
    }
}
