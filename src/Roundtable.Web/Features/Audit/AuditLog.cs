namespace Roundtable.Web.Features.Audit;

/// <summary>The kinds of event the audit log keeps.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in failed";
    public const string Lockout = "account locked";
    public const string SignOut = "sign-out";
    public const string PasswordChanged = "password changed";
    public const string AccountCreated = "account created";
    public const string LeakOverridden = "leak check overridden";
    public const string Published = "edition published";
    public const string MailOut = "mail-out started";
    public const string InvitationsSent = "invitations sent";
    public const string ApiTokenCreated = "API token created";
    public const string ApiTokenRevoked = "API token revoked";
}

/// <summary>
/// Writes one audit event, inside the caller's transaction where there is one, so the event is kept exactly when
/// what it records is. Events hold no passwords and no proceedings text.
/// </summary>
public static class AuditLog
{
    private const string Sql = """
        INSERT INTO audit_events (created_at, user_id, actor, action, roundtable_id, detail)
        VALUES (@at, @userId, @actor, @action, @roundtableId, @detail)
        """;

    private const string ActorSql = "SELECT display_name FROM users WHERE id = @userId";

    /// <param name="actor">Who, in words (the account's name; for a failed sign-in, the email that was tried). Null: read from the account.</param>
    public static async Task RecordAsync(DbConnection conn, DbTransaction? tx, DateTime at, long? userId, string? actor, string action,
        long? roundtableId, string detail, CancellationToken ct)
    {
        actor ??= userId is null ? "" : await conn.ExecuteScalarAsync<string?>(new CommandDefinition(ActorSql, new { userId }, tx, cancellationToken: ct)) ?? "";
        await conn.ExecuteAsync(new CommandDefinition(Sql, new
        {
            at, userId, actor = Clip(actor, 254), action, roundtableId, detail = Clip(detail, 2000),
        }, tx, cancellationToken: ct));
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>Records an event on a connection of its own, for the use cases that have none open.</summary>
public sealed class RecordAudit(Db db, TimeProvider clock)
{
    public async Task HandleAsync(long? userId, string? actor, string action, long? roundtableId, string detail, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await AuditLog.RecordAsync(conn, null, clock.GetUtcNow().UtcDateTime, userId, actor, action, roundtableId, detail, ct);
    }
}
