namespace Roundtable.Web.Features.Mailings;

/// <summary>A rendered message for one recipient, ready to be put in the outbox.</summary>
public sealed class OutboxMessage
{
    public string RecipientKey { get; init; } = "";
    public long? PersonId { get; init; }
    public long? ParticipationId { get; init; }
    public string RecipientName { get; init; } = "";
    public string Address { get; init; } = "";
    public string Template { get; init; } = "";
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    public string HtmlBody { get; init; } = "";
    public string? Calendar { get; init; }

    /// <summary>A one-click link declining further mail of this kind (sent as List-Unsubscribe), or null.</summary>
    public string? ListUnsubscribe { get; init; }
}

/// <summary>
/// How every mailing enters the outbox: a mailing (kind, title, optional dedup key) and one row per recipient,
/// written inside the caller's transaction so a mailing appears whole or not at all.
/// </summary>
public sealed class Outbox(MailSettings settings, Installation installation)
{
    private const string FindMailingSql = "SELECT id FROM mailings WHERE dedup_key = @dedupKey";

    // A dedup key taken by a transaction running at the same time (another node) is waited for, then found.
    private const string InsertMailingSql = """
        INSERT INTO mailings (roundtable_id, kind, title, dedup_key, created_by_user_id, created_at)
        VALUES (@roundtableId, @kind, @title, @dedupKey, @userId, @now)
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING id
        """;

    // An address that bounced for good gets nothing more until it is changed (see Features/Inbox).
    private const string InsertRowSql = """
        INSERT INTO outbox (mailing_id, recipient_key, person_id, participation_id, recipient_name, address, template,
            subject, message_id, status, next_attempt_at, created_at, updated_at, list_unsubscribe)
        SELECT @MailingId, @RecipientKey, @PersonId, @ParticipationId, @RecipientName, @Address, @Template,
            @Subject, @MessageId, 'queued', @Now, @Now, @Now, @ListUnsubscribe
        WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = @PersonId AND p.email_bounced_at IS NOT NULL AND lower(p.email) = lower(@Address))
        ON CONFLICT (mailing_id, recipient_key) DO NOTHING
        RETURNING id
        """;

    // Why a row was not added: the recipient is already in the mailing, or their address bounced for good.
    private const string BouncedSql = """
        SELECT p.email_bounce_reason FROM people p
        WHERE p.id = @PersonId AND p.email_bounced_at IS NOT NULL AND lower(p.email) = lower(@Address)
        """;

    private const string InsertContentSql = """
        INSERT INTO outbox_content (outbox_id, content_type, wire) VALUES (@id, @contentType, @wire)
        """;

    private const string InsertSkipSql = """
        INSERT INTO mailing_skips (mailing_id, recipient_key, recipient_name, reason)
        VALUES (@mailingId, @recipientKey, @recipientName, @reason)
        ON CONFLICT (mailing_id, recipient_key) DO NOTHING
        """;

    // A recipient skipped by an earlier run of the same mailing (no address then, a template that did not render) and
    // queued now is no longer skipped.
    private const string UnskipSql = "DELETE FROM mailing_skips WHERE mailing_id = @mailingId AND recipient_key = @recipientKey";

    private const string InsertAttachmentSql = """
        INSERT INTO mailing_attachments (mailing_id, file_name, content_type, content, created_at)
        VALUES (@mailingId, @fileName, @contentType, @content, @now)
        """;

    /// <summary>Creates a mailing, or with a dedup key returns the one an earlier run created.</summary>
    public async Task<(long Id, bool Created)> CreateMailingAsync(DbConnection conn, DbTransaction tx, long? roundtableId, string kind,
        string title, string? dedupKey, long? userId, DateTime now, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertMailingSql,
                new { roundtableId, kind, title, dedupKey, userId, now }, tx, cancellationToken: ct)) is { } id)
        {
            return (id, true);
        }
        return (await conn.ExecuteScalarAsync<long>(new CommandDefinition(FindMailingSql, new { dedupKey }, tx, cancellationToken: ct)), false);
    }

    /// <summary>
    /// Queues one message: its row, and its body serialized once as it will go on the wire (every attempt and resend
    /// then sends the same bytes).
    /// </summary>
    /// <returns>How many rows were new (a recipient already in the mailing is left as it is).</returns>
    public async Task<int> AddAsync(DbConnection conn, DbTransaction tx, long mailingId, OutboxMessage m, DateTime now, CancellationToken ct)
    {
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertRowSql, new
        {
            MailingId = mailingId, m.RecipientKey, m.PersonId, m.ParticipationId, m.RecipientName, m.Address, m.Template,
            m.Subject, MessageId = MessageId(mailingId, m.RecipientKey, 0), Now = now, m.ListUnsubscribe,
        }, tx, cancellationToken: ct));
        if (id is null)
        {
            if (m.PersonId is not null && await conn.ExecuteScalarAsync<string?>(new CommandDefinition(BouncedSql, new { m.PersonId, m.Address }, tx, cancellationToken: ct)) is { } bounce)
            {
                await SkipAsync(conn, tx, mailingId, m.RecipientKey, m.RecipientName,
                    $"Mail to {m.Address} bounced ({bounce}); correct the address on the person's page to mail them again.", ct);
            }
            return 0;
        }
        var (contentType, wire) = MessageBuilder.Serialize(m.TextBody, m.HtmlBody, m.Calendar, Boundary(mailingId));
        await conn.ExecuteAsync(new CommandDefinition(InsertContentSql, new { id, contentType, wire }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(UnskipSql, new { mailingId, recipientKey = m.RecipientKey }, tx, cancellationToken: ct));
        return 1;
    }

    public Task SkipAsync(DbConnection conn, DbTransaction tx, long mailingId, string recipientKey, string recipientName, string reason, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(InsertSkipSql, new { mailingId, recipientKey, recipientName, reason }, tx, cancellationToken: ct));

    /// <summary>A file every recipient of the mailing receives; stored once however many recipients there are.</summary>
    public Task AttachAsync(DbConnection conn, DbTransaction tx, long mailingId, string fileName, string contentType, byte[] content, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(InsertAttachmentSql, new { mailingId, fileName, contentType, content, now }, tx, cancellationToken: ct));

    /// <summary>
    /// The multipart boundary a mailing's messages share (see <see cref="MessageBuilder.Serialize"/>). "=-" cannot occur
    /// in quoted-printable or base64 text; the random part is drawn once per process, so nobody can write it into a text
    /// ahead of time, and a text that contains it anyway is serialized under a random boundary instead.
    /// </summary>
    public static string Boundary(long mailingId) => $"=-rt{mailingId}.{BoundarySalt}";

    private static readonly string BoundarySalt = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// Deterministic: a retry of the same message carries the same Message-ID (so a duplicate after a crash is
    /// recognisable); a deliberate resend counts up and gets a new one. The installation's random id keeps the row ids
    /// of another installation, or of a database created anew, from ever giving another message the same Message-ID.
    /// </summary>
    public string MessageId(long mailingId, string recipientKey, int resends) =>
        $"rt.{mailingId}.{recipientKey.Replace(':', '-')}.{resends}.{installation.Id}@{settings.MessageIdDomain}";
}
