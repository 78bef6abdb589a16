using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Roundtable.Web.Features.Account;

public sealed class AccountForm
{
    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [Required, StringLength(120), Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [Required, RegularExpression("organizer|rapporteur|administrator", ErrorMessage = "Choose organizer, rapporteur or administrator.")]
    public string Role { get; set; } = Roles.Rapporteur;

    [Required, StringLength(200, MinimumLength = PasswordRules.MinLength, ErrorMessage = PasswordRules.LengthMessage), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "Person in the directory")]
    public long? PersonId { get; set; }
}

/// <summary>
/// Creates an account, linked to a person of the directory (picked, or found by the email) so that the person's roles
/// on roundtables reach it. Who may link what:
/// the installation (first-run setup, demo) and administrators link anyone, and the link counts on every roundtable;
/// a plain organizer links only a person who is on no roundtable they do not manage, and the link counts only on the
/// roundtables that organizer created (the account_roles view), so it can never reach anyone else's roundtable.
/// Only an administrator (or the installation) creates administrators.
/// </summary>
public sealed class CreateAccount(Db db, TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    private const string Sql = """
        INSERT INTO users (email, email_normalized, display_name, role, is_administrator, password_hash, person_id, person_vouched_by_user_id,
                           created_by_user_id, security_stamp, created_at)
        VALUES (@Email, @normalized, @DisplayName, @role, @isAdministrator, @hash, @personId, @vouchedBy, @createdBy, @stamp, @now)
        ON CONFLICT (email_normalized) DO NOTHING
        RETURNING id
        """;

    private const string PersonByEmailSql = "SELECT id FROM people WHERE email_normalized = @normalized";
    private const string PersonExistsSql = "SELECT COUNT(*) FROM people WHERE id = @id";

    // Roundtables the person takes part in that the creating organizer does not manage.
    private const string ForeignRoundtablesSql = """
        SELECT COUNT(*) FROM participations pa
        WHERE pa.person_id = @personId
          AND pa.roundtable_id NOT IN (SELECT m.roundtable_id FROM roundtable_managers m WHERE m.user_id = @userId)
        """;

    /// <summary>By the installation itself: first-run setup and the demo.</summary>
    public Task<Result<long>> HandleAsync(AccountForm form, CancellationToken ct) => CreateAsync(form, null, trusted: true, ct);

    /// <summary>By a signed-in organizer or administrator.</summary>
    public Task<Result<long>> HandleAsync(AccountForm form, ClaimsPrincipal creator, CancellationToken ct) =>
        CreateAsync(form, creator.Id(), trusted: creator.IsAdministrator(), ct);

    private async Task<Result<long>> CreateAsync(AccountForm form, long? creatorId, bool trusted, CancellationToken ct)
    {
        if (form.Role == Roles.Administrator && !trusted)
        {
            return Result<long>.Fail(nameof(form.Role), "Only an administrator can create an administrator.");
        }
        if (PasswordRules.Check(form.Password, form.Email) is { } problem)
        {
            return Result<long>.Fail(nameof(form.Password), problem);
        }
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
        if (personId is { } linked && !trusted
            && await conn.ExecuteScalarAsync<long>(new CommandDefinition(ForeignRoundtablesSql, new { personId = linked, userId = creatorId }, cancellationToken: ct)) > 0)
        {
            return Result<long>.Fail(form.PersonId is null ? nameof(form.Email) : nameof(form.PersonId),
                "This person takes part in roundtables you do not organize, so only an administrator can create their account.");
        }
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(Sql, new
        {
            Email = form.Email.Trim(),
            normalized,
            DisplayName = form.DisplayName.Trim(),
            role = form.Role == Roles.Administrator ? Roles.Organizer : form.Role,
            isAdministrator = form.Role == Roles.Administrator,
            hash = hasher.HashPassword(new UserAccount(), form.Password),
            personId,
            vouchedBy = personId is null || trusted ? null : creatorId,
            createdBy = creatorId,
            stamp = EndSessions.NewStamp(),
            now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: ct));
        if (id is not { } newId)
        {
            return Result<long>.Fail(nameof(form.Email), "An account with this email already exists.");
        }
        await Audit.AuditLog.RecordAsync(conn, null, clock.GetUtcNow().UtcDateTime, creatorId, creatorId is null ? "first-run setup" : null,
            Audit.AuditActions.AccountCreated, null,
            $"{form.Email.Trim()} as {form.Role}{(personId is { } p ? $", linked to person {p}{(personId is null || trusted ? "" : " (counts on the creator's roundtables only)")}" : "")}.", ct);
        return Result<long>.Success(newId);
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
        public bool IsAdministrator { get; init; }
        public string? PersonName { get; init; }
        public string? VouchedBy { get; init; }
        public string? CreatedBy { get; init; }
        public DateTime? LockedUntil { get; init; }
    }

    // An administrator sees every account; an organizer the accounts they created.
    private const string Sql = """
        SELECT u.id, u.email, u.display_name, u.role, u.is_administrator, p.full_name AS person_name,
            v.display_name AS vouched_by, c.display_name AS created_by, u.locked_until
        FROM users u
        LEFT JOIN people p ON p.id = u.person_id
        LEFT JOIN users v ON v.id = u.person_vouched_by_user_id
        LEFT JOIN users c ON c.id = u.created_by_user_id
        WHERE @all OR u.created_by_user_id = @userId
        ORDER BY u.role, u.display_name
        """;

    private const string CountSql = "SELECT COUNT(*) FROM users";

    public async Task<IReadOnlyList<Row>> HandleAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { all = user.IsAdministrator(), userId = user.Id() }, cancellationToken: ct))).AsList();
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: ct)) > 0;
    }
}
