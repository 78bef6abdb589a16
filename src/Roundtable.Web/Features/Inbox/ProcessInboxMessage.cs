using MimeKit;
using Roundtable.Web.Features.Invitations;

namespace Roundtable.Web.Features.Inbox;

/// <summary>Where a message sits in the mailbox: its folder, UIDVALIDITY and UID name it for good.</summary>
public sealed record InboxItem(string Folder, long UidValidity, long Uid, long Size, DateTime ReceivedAt);

/// <summary>What became of a message, and whether it goes to the processed or the unrecognized folder.</summary>
public sealed record InboxOutcome(string Kind, string Outcome, bool Recognized, bool AlreadyProcessed = false);

/// <summary>
/// Handles one message of the reply mailbox, once: a calendar's Accept / Maybe / Decline sets the invitee's answer as
/// the RSVP page would; a bounce marks the delivery and, when permanent, the person's address; anything else from a
/// participant is kept as a message on the roundtable's page. The ledger row (<c>inbox_messages</c>) is written in the
/// same transaction as the change, so a message read again — after a crash before it was moved — changes nothing.
/// </summary>
public sealed class ProcessInboxMessage(Db db, MailSettings mail, AnswerRsvp answers, TimeProvider clock)
{
    public const int MaxExcerpt = 4000;

    private const string LedgerSql = """
        SELECT kind, outcome, roundtable_id IS NOT NULL OR kind IN ('calendar_reply', 'bounce', 'message') AS recognized
        FROM inbox_messages WHERE folder = @Folder AND uid_validity = @UidValidity AND uid = @Uid
        """;

    private const string InsertLedgerSql = """
        INSERT INTO inbox_messages (folder, uid_validity, uid, message_id, from_address, subject, kind, outcome,
            roundtable_id, participation_id, person_id, excerpt, received_at, processed_at)
        VALUES (@Folder, @UidValidity, @Uid, @MessageId, @From, @Subject, @Kind, @Outcome,
            @RoundtableId, @ParticipationId, @PersonId, @Excerpt, @ReceivedAt, @Now)
        ON CONFLICT (folder, uid_validity, uid) DO NOTHING
        RETURNING id
        """;

    private const string InviteeSql = """
        SELECT pa.id AS participation_id, pa.calendar_sequence, r.answer, r.source, p.id AS person_id
        FROM participations pa JOIN people p ON p.id = pa.person_id
        LEFT JOIN rsvp_responses r ON r.participation_id = pa.id
        WHERE pa.roundtable_id = @roundtableId AND p.email_normalized = @email
        """;

    private const string OutboxByMessageIdSql = """
        SELECT o.id, o.person_id, o.participation_id, o.address, m.roundtable_id
        FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE o.message_id = @messageId
        """;

    private const string InsertBounceSql = """
        INSERT INTO delivery_bounces (outbox_id, recipient, status, hard, diagnostic, bounced_at)
        VALUES (@outboxId, @recipient, @status, @hard, @diagnostic, @now)
        ON CONFLICT (outbox_id, recipient, status) DO NOTHING
        """;

    // Only while the person still has the address that bounced: a corrected address is not flagged by an old bounce.
    private const string FlagAddressSql = """
        UPDATE people SET email_bounced_at = @now, email_bounce_reason = @reason
        WHERE id = @personId AND email_normalized = @address
        """;

    private const string PersonByEmailSql = "SELECT id FROM people WHERE email_normalized = @email";

    private const string LatestParticipationSql = """
        SELECT pa.id AS participation_id, pa.roundtable_id
        FROM participations pa JOIN roundtables r ON r.id = pa.roundtable_id
        WHERE pa.person_id = @personId ORDER BY r.start_date DESC, pa.id DESC LIMIT 1
        """;

    private sealed class InviteeRow
    {
        public long ParticipationId { get; init; }
        public int? CalendarSequence { get; init; }
        public string? Answer { get; init; }
        public string? Source { get; init; }
        public long PersonId { get; init; }
    }

    private sealed class OutboxRow
    {
        public long Id { get; init; }
        public long? PersonId { get; init; }
        public long? ParticipationId { get; init; }
        public string Address { get; init; } = "";
        public long? RoundtableId { get; init; }
    }

    private sealed class LedgerRow
    {
        public string Kind { get; init; } = "";
        public string Outcome { get; init; } = "";
        public bool Recognized { get; init; }
    }

    private sealed class ParticipationRow
    {
        public long ParticipationId { get; init; }
        public long RoundtableId { get; init; }
    }

    private sealed record Entry(string Kind, string Outcome, long? RoundtableId = null, long? ParticipationId = null, long? PersonId = null, string Excerpt = "");

    /// <param name="message">The message, or null when it was too large to download.</param>
    public async Task<InboxOutcome> HandleAsync(InboxItem item, MimeMessage? message, CancellationToken ct)
    {
        await using (var conn = await db.OpenAsync(ct))
        {
            var done = await conn.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(LedgerSql, item, cancellationToken: ct));
            if (done is not null)
            {
                return new InboxOutcome(done.Kind, done.Outcome, done.Recognized, AlreadyProcessed: true);
            }
        }
        if (message is null)
        {
            return await RecordAsync(item, null, new Entry("unrecognized", $"Too large to read ({item.Size:N0} bytes)."), ct);
        }
        if (DeliveryReport.IsReport(message))
        {
            return await BounceAsync(item, message, ct);
        }
        if (CalendarReply.CalendarPart(message) is { } part)
        {
            return await CalendarReplyAsync(item, message, part, ct);
        }
        return await WrittenMessageAsync(item, message, ct);
    }

    private async Task<InboxOutcome> CalendarReplyAsync(InboxItem item, MimeMessage message, TextPart part, CancellationToken ct)
    {
        var (reply, problem) = CalendarReply.Parse(part.Text ?? "");
        if (reply is null)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", problem!), ct);
        }
        var roundtableId = RoundtableOf(reply.Uid);
        if (roundtableId is null)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", $"The reply is for {reply.Uid}, which is not one of this installation's invitations."), ct);
        }
        var organizer = (mail.ReplyTo ?? mail.From).ToLowerInvariant();
        if (reply.Organizer is { } o && o != organizer)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", $"The reply names {o} as organizer, not {organizer}."), ct);
        }
        var from = (message.From.Mailboxes.FirstOrDefault()?.Address ?? "").ToLowerInvariant();
        // A delegate's calendar answers in its own name, with DELEGATED-FROM naming the invitee.
        var invitee = await InviteeAsync(roundtableId.Value, reply.Attendee, ct);
        string? delegatedTo = null;
        if (invitee is null && reply.DelegatedFrom is { } delegator && await InviteeAsync(roundtableId.Value, delegator, ct) is { } invited)
        {
            invitee = invited;
            delegatedTo = reply.Attendee;
        }
        if (invitee is null)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", $"{reply.Attendee} answered, but is not invited to roundtable {roundtableId}.", roundtableId), ct);
        }
        if (from != reply.Attendee && from != reply.DelegatedTo)
        {
            return await RecordAsync(item, message, new Entry("unrecognized",
                $"The reply for {reply.Attendee} was sent by {(from.Length == 0 ? "nobody" : from)}; only the attendee's own calendar may answer.", roundtableId), ct);
        }
        var entry = new Entry("calendar_reply", "", roundtableId, invitee.ParticipationId, invitee.PersonId);
        if (reply.PartStat.Equals("DELEGATED", StringComparison.OrdinalIgnoreCase))
        {
            return await RecordAsync(item, message, entry with { Outcome = $"{reply.Attendee} delegated the invitation to {reply.DelegatedTo ?? "someone"}; their answer will count when it comes." }, ct);
        }
        if (reply.Answer is not { } answer)
        {
            return await RecordAsync(item, message, entry with { Outcome = $"The reply carries no answer (PARTSTAT {reply.PartStat})." }, ct);
        }
        if (invitee.Answer is not null && invitee.CalendarSequence is { } mailed && reply.Sequence < mailed)
        {
            return await RecordAsync(item, message, entry with
            {
                Outcome = $"Answered \"{answer}\" to an older invitation (SEQUENCE {reply.Sequence}, {mailed} was mailed since); the answer \"{invitee.Answer}\" given later stands.",
            }, ct);
        }
        var comment = reply.Comment is { Length: > 2000 } tooLong ? tooLong[..2000] : reply.Comment;
        var outcome = $"Answer \"{answer}\" from the calendar" + (delegatedTo is null ? "" : $" of the delegate {delegatedTo}") + ".";
        var result = await answers.HandleAsync(invitee.ParticipationId, answer, comment, new RsvpSource(RsvpSource.CalendarReply, reply.Sequence, delegatedTo)
        {
            InSameTransaction = (conn, tx) => InsertAsync(conn, tx, item, message, entry with { Outcome = outcome }, ct),
        }, ct);
        return result.Ok
            ? new InboxOutcome(entry.Kind, outcome, true)
            : await AlreadyOrAsync(item, message, entry with { Outcome = "Not recorded: " + string.Join(" ", result.Errors.Select(e => e.Message)) }, ct);
    }

    private async Task<InboxOutcome> BounceAsync(InboxItem item, MimeMessage message, CancellationToken ct)
    {
        var report = DeliveryReport.Parse(message)!;
        if (report.OriginalMessageId is null)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", "A delivery report without the Message-ID of the message it is about."), ct);
        }
        await using var conn = await db.OpenAsync(ct);
        var sent = await conn.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(OutboxByMessageIdSql, new { messageId = report.OriginalMessageId }, cancellationToken: ct));
        if (sent is null)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", $"A delivery report for <{report.OriginalMessageId}>, which this installation did not send."), ct);
        }
        // A report names every recipient it is about; ours have one each. One that names nobody is about the message's.
        var recipients = report.Recipients.Count > 0
            ? report.Recipients
            : [new DeliveryReport.Recipient(sent.Address.ToLowerInvariant(), "failed", "", "")];
        var hard = recipients.FirstOrDefault(r => r.Hard);
        var first = hard ?? recipients[0];
        var outcome = hard is not null
            ? $"Bounced for good ({Describe(hard)}): {sent.Address} is flagged; nothing more is mailed there until the address changes."
            : $"Delivery delayed ({Describe(first)}); the receiving server keeps trying, nothing to do.";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await InsertAsync(conn, tx, item, message, new Entry("bounce", outcome, sent.RoundtableId, sent.ParticipationId, sent.PersonId), ct, now))
        {
            return await AlreadyOrAsync(item, message, null, ct);
        }
        foreach (var r in recipients)
        {
            await conn.ExecuteAsync(new CommandDefinition(InsertBounceSql, new
            {
                outboxId = sent.Id, recipient = r.Address.Length == 0 ? sent.Address.ToLowerInvariant() : r.Address,
                status = r.Status, hard = r.Hard, diagnostic = r.Diagnostic, now,
            }, tx, cancellationToken: ct));
        }
        if (hard is not null && sent.PersonId is { } personId)
        {
            await conn.ExecuteAsync(new CommandDefinition(FlagAddressSql, new
            {
                personId, address = Emails.Normalize(sent.Address), now, reason = Describe(hard),
            }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return new InboxOutcome("bounce", outcome, true);
    }

    /// <summary>Records a message whose handling failed, with the reason, so that it is moved aside and not read again.</summary>
    public Task<InboxOutcome> RecordFailureAsync(InboxItem item, MimeMessage? message, string reason, CancellationToken ct) =>
        RecordAsync(item, message, new Entry("unrecognized", "Could not be handled: " + reason), ct);

    private static string Describe(DeliveryReport.Recipient r) =>
        string.Join(" ", new[] { r.Status, r.Diagnostic }.Where(s => s.Length > 0)) is { Length: > 0 } d ? d : r.Action;

    private async Task<InboxOutcome> WrittenMessageAsync(InboxItem item, MimeMessage message, CancellationToken ct)
    {
        if (IsAutomatic(message))
        {
            return await RecordAsync(item, message, new Entry("unrecognized", "An automatic reply (out of office or similar)."), ct);
        }
        var from = (message.From.Mailboxes.FirstOrDefault()?.Address ?? "").ToLowerInvariant();
        await using var conn = await db.OpenAsync(ct);
        // The roundtable is the one of the message it answers, else the sender's latest.
        OutboxRow? answered = null;
        foreach (var id in new[] { message.InReplyTo }.Concat(message.References.Reverse()).Where(i => !string.IsNullOrEmpty(i)))
        {
            answered = await conn.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(OutboxByMessageIdSql, new { messageId = id }, cancellationToken: ct));
            if (answered is not null)
            {
                break;
            }
        }
        var personId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(PersonByEmailSql, new { email = Emails.Normalize(from) }, cancellationToken: ct));
        if (personId is null)
        {
            return await RecordAsync(item, message, new Entry("unrecognized", $"From {(from.Length == 0 ? "no address" : from)}, which is nobody in the directory."), ct);
        }
        long? roundtableId = answered?.RoundtableId, participationId = answered?.PersonId == personId ? answered.ParticipationId : null;
        if (roundtableId is null)
        {
            var latest = await conn.QuerySingleOrDefaultAsync<ParticipationRow>(new CommandDefinition(LatestParticipationSql, new { personId }, cancellationToken: ct));
            roundtableId = latest?.RoundtableId;
            participationId = latest?.ParticipationId;
        }
        var excerpt = Excerpt(message);
        return await RecordAsync(item, message, new Entry("message",
            roundtableId is null ? "A message from someone on no roundtable." : "Shown on the roundtable's page.",
            roundtableId, participationId, personId, excerpt), ct);
    }

    private static bool IsAutomatic(MimeMessage message) =>
        message.Headers["Auto-Submitted"] is { } auto && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)
        || message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond")
        || (message.Headers["Precedence"]?.Trim().ToLowerInvariant() is "auto_reply" or "bulk" or "junk");

    /// <summary>The text a person wrote, without the quoted message below it, cut to <see cref="MaxExcerpt"/>.</summary>
    public static string Excerpt(MimeMessage message)
    {
        var text = message.TextBody ?? (message.HtmlBody is { } html ? HtmlText.From(html) : "");
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var kept = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith('>') || (line.StartsWith("On ", StringComparison.Ordinal) && line.TrimEnd().EndsWith("wrote:", StringComparison.Ordinal)))
            {
                break;
            }
            kept.Add(line);
        }
        var excerpt = string.Join('\n', kept).Trim();
        return excerpt.Length > MaxExcerpt ? excerpt[..MaxExcerpt] + "…" : excerpt;
    }

    private static long? RoundtableOf(string uid)
    {
        // CalendarInvite.Uid: roundtable-{id}@{domain}
        const string prefix = "roundtable-";
        var at = uid.IndexOf('@');
        return uid.StartsWith(prefix, StringComparison.Ordinal) && at > prefix.Length
            && long.TryParse(uid.AsSpan(prefix.Length, at - prefix.Length), System.Globalization.NumberStyles.None, null, out var id)
            ? id : null;
    }

    private async Task<InviteeRow?> InviteeAsync(long roundtableId, string email, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<InviteeRow>(new CommandDefinition(InviteeSql, new { roundtableId, email = Emails.Normalize(email) }, cancellationToken: ct));
    }

    private async Task<InboxOutcome> RecordAsync(InboxItem item, MimeMessage? message, Entry entry, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await InsertAsync(conn, tx, item, message, entry, ct))
        {
            return await AlreadyOrAsync(item, message, null, ct);
        }
        await tx.CommitAsync(ct);
        return new InboxOutcome(entry.Kind, entry.Outcome, entry.Kind != "unrecognized");
    }

    /// <summary>Another reader recorded the message first: its outcome stands.</summary>
    private async Task<InboxOutcome> AlreadyOrAsync(InboxItem item, MimeMessage? message, Entry? otherwise, CancellationToken ct)
    {
        await using (var conn = await db.OpenAsync(ct))
        {
            if (await conn.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(LedgerSql, item, cancellationToken: ct)) is { } done)
            {
                return new InboxOutcome(done.Kind, done.Outcome, done.Recognized, AlreadyProcessed: true);
            }
        }
        return otherwise is null
            ? throw new InvalidOperationException($"Message {item.Uid} was neither recorded nor found recorded.")
            : await RecordAsync(item, message, otherwise, ct);
    }

    private async Task<bool> InsertAsync(DbConnection conn, DbTransaction tx, InboxItem item, MimeMessage? message, Entry entry, CancellationToken ct, DateTime? now = null) =>
        await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertLedgerSql, new
        {
            item.Folder, item.UidValidity, item.Uid,
            MessageId = message?.MessageId,
            From = Cut(message?.From.Mailboxes.FirstOrDefault()?.Address ?? "", 320),
            Subject = Cut(message?.Subject ?? "", 500),
            entry.Kind, Outcome = Cut(entry.Outcome, 2000), entry.RoundtableId, entry.ParticipationId, entry.PersonId, entry.Excerpt,
            item.ReceivedAt, Now = now ?? clock.GetUtcNow().UtcDateTime,
        }, tx, cancellationToken: ct)) is not null;

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
