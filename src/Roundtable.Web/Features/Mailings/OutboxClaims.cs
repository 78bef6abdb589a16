namespace Roundtable.Web.Features.Mailings;

/// <summary>A row taken out of the outbox by one delivery worker.</summary>
public sealed class ClaimedMessage
{
    public long Id { get; init; }
    public long MailingId { get; init; }
    public string RecipientName { get; init; } = "";
    public string Address { get; init; } = "";
    public string Subject { get; init; } = "";
    public string MessageId { get; init; } = "";
    public int Attempts { get; init; }

    /// <summary>The one-click link that declines further mail of this kind (RFC 8058), or null.</summary>
    public string? ListUnsubscribe { get; init; }

    /// <summary>The body as it goes on the wire, and its Content-Type (see <see cref="MessageBuilder.Serialize"/>).</summary>
    public OutboxContent Content { get; set; } = new();
}

/// <summary>
/// A message's body, apart from its outbox row: serialized once when it was queued (<see cref="Wire"/>), or for rows
/// queued before that existed, the texts it was rendered with.
/// </summary>
public sealed class OutboxContent
{
    public long OutboxId { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Wire { get; init; }
    public string? TextBody { get; init; }
    public string? HtmlBody { get; init; }
    public string? Calendar { get; init; }
}

/// <summary>What happened to one claimed message; recorded with the rest of its batch in one transaction.</summary>
public sealed record DeliveryOutcome(long Id, string Status, int? Code, string? Text, DateTime? NextAttemptAt);

/// <summary>
/// The outbox's bookkeeping, batched: a worker claims a batch in one short transaction and records the batch's
/// outcomes in another. A claim is a lease: the worker renews it while it sends, and a row whose lease ran out (its
/// process died) goes back to the queue and out again with the same Message-ID. Workers on several nodes claim from
/// the same rows without waiting for or taking each other's.
/// </summary>
public sealed class OutboxClaims(Db db, MailSettings settings, TimeProvider clock)
{
    private const string ClaimSqlite = """
        UPDATE outbox SET status = 'sending', claim_token = @token, claimed_until = @until, attempts = attempts + 1, updated_at = @now
        WHERE id IN (SELECT id FROM outbox
                     WHERE mailing_id = @mailingId AND status IN ('queued', 'retrying') AND next_attempt_at <= @now
                     ORDER BY next_attempt_at, id LIMIT @limit)
        RETURNING id, mailing_id, recipient_name, address, subject, message_id, attempts, list_unsubscribe
        """;

    // The one statement that differs. SQLite runs one writer at a time, so its claim cannot race. On PostgreSQL two
    // workers would read the same free rows; FOR UPDATE SKIP LOCKED locks the rows a worker picks and lets the others
    // pick past them, and the rows are rechecked (still queued) once locked.
    private const string ClaimPostgres = """
        WITH picked AS (
            SELECT id FROM outbox
            WHERE mailing_id = @mailingId AND status IN ('queued', 'retrying') AND next_attempt_at <= @now
            ORDER BY next_attempt_at, id LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        UPDATE outbox o SET status = 'sending', claim_token = @token, claimed_until = @until, attempts = o.attempts + 1, updated_at = @now
        FROM picked WHERE o.id = picked.id
        RETURNING o.id, o.mailing_id, o.recipient_name, o.address, o.subject, o.message_id, o.attempts, o.list_unsubscribe
        """;

    private const string ContentSql = """
        SELECT outbox_id, content_type, wire, text_body, html_body, calendar FROM outbox_content WHERE outbox_id IN @ids
        """;

    private const string PeekSql = """
        SELECT id, mailing_id, recipient_name, address, subject, message_id, attempts, list_unsubscribe FROM outbox
        WHERE mailing_id = @mailingId ORDER BY id LIMIT @limit
        """;

    // Every row of the batch not recorded yet is still this worker's, sent or not.
    private const string RenewSql = """
        UPDATE outbox SET claimed_until = @until WHERE claim_token = @token AND status = 'sending'
        RETURNING id
        """;

    private const string RecordSql = """
        UPDATE outbox SET status = @Status, last_smtp_code = @Code, last_smtp_text = @Text,
            next_attempt_at = COALESCE(@NextAttemptAt, next_attempt_at),
            sent_at = CASE WHEN @Status = 'sent' THEN @now ELSE sent_at END,
            claim_token = NULL, claimed_until = NULL, updated_at = @now
        WHERE id = @Id AND claim_token = @token
        """;

    private const string RecordSentSql = """
        UPDATE outbox SET status = 'sent', last_smtp_code = @Code, last_smtp_text = @Text, sent_at = @now,
            claim_token = NULL, claimed_until = NULL, updated_at = @now
        WHERE id IN @ids AND claim_token = @token
        """;

    private const string ReleaseSql = """
        UPDATE outbox SET status = 'queued', attempts = attempts - 1, claim_token = NULL, claimed_until = NULL, updated_at = @now
        WHERE id IN @ids AND claim_token = @token
        """;

    private const string RecoverSql = """
        UPDATE outbox SET status = 'retrying', claim_token = NULL, claimed_until = NULL, next_attempt_at = @now, updated_at = @now,
            last_smtp_text = 'Interrupted while sending; it goes out again with the same Message-ID.'
        WHERE status = 'sending' AND claimed_until < @cutoff
        """;

    // Per mailing, one look into the index of waiting rows (rather than reading every waiting row of every mailing).
    private const string DueMailingsSql = """
        SELECT m.id FROM mailings m
        WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.mailing_id = m.id AND o.status IN ('queued', 'retrying') AND o.next_attempt_at <= @now)
        ORDER BY m.id
        """;

    private const string NextDueSql = """
        SELECT MIN(next_attempt_at) FROM outbox WHERE mailing_id = @mailingId AND status IN ('queued', 'retrying')
        """;

    private string ClaimSql => db.IsPostgres ? ClaimPostgres : ClaimSqlite;

    /// <summary>A claim token that says which process holds the rows ("host/pid/random"), for whoever looks at them.</summary>
    public static string NewToken() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>When a claim taken now should be renewed: a third of the way through, so a slow message cannot outlast it.</summary>
    public DateTime RenewAfter(DateTime claimedAt) => claimedAt.AddSeconds(settings.ClaimSeconds / 3.0);

    // Delivery runs going on in this process, per mailing, with how many more were asked for meanwhile.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> runs = new();

    /// <summary>
    /// One delivery run per mailing in a process keeps the SMTP connections at Mail:Connections (the sweeper, a
    /// retry and the job that queued the mailing may all ask at once). False: a run is going; it will look again.
    /// </summary>
    public bool StartRun(long mailingId) => runs.AddOrUpdate(mailingId, 1, (_, n) => n + 1) == 1;

    /// <summary>True when the run may stop; false when another was asked for meanwhile, so it drains once more.</summary>
    public bool FinishRun(long mailingId)
    {
        if (runs.TryRemove(new KeyValuePair<long, int>(mailingId, 1)))
        {
            return true;
        }
        runs[mailingId] = 1;
        return false;
    }

    public void AbandonRun(long mailingId) => runs.TryRemove(mailingId, out _);

    // Claiming and recording are synchronous: a delivery worker runs on a thread of its own (see DeliverMailingJob).

    // SQLite lets one writer in at a time, and a writer that finds the database busy sleeps before it tries again. On
    // SQLite (one process) this process's workers take turns here instead, and the next starts as the last commits.
    private readonly SemaphoreSlim sqliteWriter = new(1, 1);

    private Turn TakeTurn()
    {
        if (db.IsPostgres)
        {
            return default;
        }
        sqliteWriter.Wait();
        return new Turn(sqliteWriter);
    }

    private readonly struct Turn(SemaphoreSlim? writer) : IDisposable
    {
        public void Dispose() => writer?.Release();
    }

    public IReadOnlyList<ClaimedMessage> Claim(long mailingId, string token, int limit, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return RecordAndClaim(mailingId, token, [], [], limit);
    }

    /// <summary>Extends the lease on the rows this worker still holds and returns them (a row taken back meanwhile is not sent).</summary>
    public IReadOnlySet<long> Renew(string token)
    {
        var until = clock.GetUtcNow().UtcDateTime.AddSeconds(settings.ClaimSeconds);
        using var turn = TakeTurn();
        using var conn = db.Open();
        return conn.Query<long>(RenewSql, new { token, until }).ToHashSet();
    }

    /// <summary>Records a batch's outcomes and hands back the unsent rest of the batch, all in one transaction.</summary>
    public void Record(string token, IReadOnlyList<DeliveryOutcome> outcomes, IReadOnlyList<long> unsent) =>
        RecordAndClaim(0, token, outcomes, unsent, 0);

    /// <summary>
    /// Records a batch and, with a <paramref name="limit"/>, claims the worker's next batch in the same transaction: one
    /// write lock and one commit per batch instead of two. Not cancellable: once messages went out, recording that they
    /// did must not be abandoned halfway.
    /// </summary>
    public IReadOnlyList<ClaimedMessage> RecordAndClaim(long mailingId, string token, IReadOnlyList<DeliveryOutcome> outcomes,
        IReadOnlyList<long> unsent, int limit)
    {
        if (outcomes.Count == 0 && unsent.Count == 0 && limit == 0)
        {
            return [];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        using var conn = db.Open();
        List<ClaimedMessage> next;
        using (TakeTurn())
        using (var tx = conn.BeginTransaction())
        {
            // Messages the server accepted with the same reply are recorded in one statement (most of a batch, usually).
            foreach (var sent in outcomes.Where(o => o.Status == "sent").GroupBy(o => (o.Code, o.Text)))
            {
                conn.Execute(db.SqlWithIdList(RecordSentSql), new { ids = db.IdList(sent.Select(o => o.Id)), sent.Key.Code, sent.Key.Text, now, token }, tx);
            }
            foreach (var o in outcomes.Where(o => o.Status != "sent"))
            {
                conn.Execute(RecordSql, new { o.Id, o.Status, o.Code, o.Text, o.NextAttemptAt, now, token }, tx);
            }
            if (unsent.Count > 0)
            {
                conn.Execute(db.SqlWithIdList(ReleaseSql), new { ids = db.IdList(unsent), token, now }, tx);
            }
            next = limit == 0 ? [] : conn.Query<ClaimedMessage>(ClaimSql, new { mailingId, token, until = now.AddSeconds(settings.ClaimSeconds), now, limit }, tx).AsList();
            tx.Commit();
        }
        // Read after the commit, beside the next writer: a row's content never changes once it is queued.
        WithContent(conn, next);
        return next;
    }

    /// <summary>A mailing's first rows with their content, claimed or not (benchmarks build messages from them).</summary>
    public IReadOnlyList<ClaimedMessage> Peek(long mailingId, int limit)
    {
        using var conn = db.Open();
        var rows = conn.Query<ClaimedMessage>(PeekSql, new { mailingId, limit }).AsList();
        WithContent(conn, rows);
        return rows;
    }

    /// <summary>Sorts claimed rows by id and reads their content (a separate table, so the claim rewrites only small rows).</summary>
    private void WithContent(System.Data.Common.DbConnection conn, List<ClaimedMessage> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        var content = conn.Query<OutboxContent>(db.SqlWithIdList(ContentSql), new { ids = db.IdList(rows.Select(r => r.Id)) }).ToDictionary(c => c.OutboxId);
        foreach (var row in rows)
        {
            row.Content = content.TryGetValue(row.Id, out var c) ? c : throw new InvalidOperationException($"Outbox row {row.Id} has no content.");
        }
    }

    /// <summary>Puts rows whose claim expired before <paramref name="cutoff"/> back in the queue.</summary>
    public async Task<int> RecoverAsync(DateTime cutoff, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(RecoverSql, new { cutoff, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<long>> DueMailingsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(DueMailingsSql, new { now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct))).AsList();
    }

    public async Task<DateTime?> NextDueAsync(long mailingId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(NextDueSql, new { mailingId }, cancellationToken: ct));
    }

    public DeliveryOutcome Sent(ClaimedMessage m, string reply) => new(m.Id, "sent", ReplyCode(reply), Trim(reply), null);

    public DeliveryOutcome Failed(ClaimedMessage m, SmtpFailure f)
    {
        if (!f.Transient)
        {
            return new(m.Id, "failed", f.Code, Trim(f.Text), null);
        }
        if (m.Attempts >= settings.MaxAttempts)
        {
            return new(m.Id, "failed", f.Code, Trim($"Gave up after {m.Attempts} attempts. Last: {f.Text}"), null);
        }
        return new(m.Id, "retrying", f.Code, Trim(f.Text), clock.GetUtcNow().UtcDateTime + settings.BackoffAfter(m.Attempts));
    }

    private static int? ReplyCode(string reply) =>
        reply.Length >= 3 && int.TryParse(reply.AsSpan(0, 3), out var code) ? code : 250;

    private static string Trim(string s) => s.Length > 500 ? s[..500] : s;
}
