using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace Roundtable.Web.Features.Inbox;

/// <summary>
/// Reads the reply mailbox (Mail:Inbox): every message in the folder is handled once (<see cref="ProcessInboxMessage"/>,
/// whose ledger is keyed by folder, UIDVALIDITY and UID) and then moved to the processed or the unrecognized folder.
/// A message left in the folder by a crash after it was handled is only moved. Runs every minute, and at once when the
/// <see cref="InboxWatcher"/> sees new mail; a failing server is retried with a growing pause, shown on the status page.
/// </summary>
public sealed class ReadInboxJob(InboxSettings settings, ProcessInboxMessage process, Db db, TimeProvider clock, ILogger<ReadInboxJob> log, ReadInboxJob.Gate gate)
{
    /// <summary>One reading at a time in this app (the watcher's and the minute's runs may meet); one per app, not per process.</summary>
    public sealed class Gate
    {
        public SemaphoreSlim OneAtATime { get; } = new(1, 1);
    }

    private const string StatusSql = """
        SELECT last_attempt_at, last_success_at, failures, last_error FROM inbox_status WHERE id = 1
        """;

    private const string AttemptSql = """
        INSERT INTO inbox_status (id, last_attempt_at, failures) VALUES (1, @now, 0)
        ON CONFLICT (id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at
        """;

    private const string SuccessSql = "UPDATE inbox_status SET last_success_at = @now, failures = 0, last_error = NULL WHERE id = 1";

    private const string FailureSql = "UPDATE inbox_status SET failures = failures + 1, last_error = @error WHERE id = 1";

    private const string MovedSql = """
        UPDATE inbox_messages SET moved_to = @movedTo WHERE folder = @folder AND uid_validity = @uidValidity AND uid = @uid
        """;

    public sealed class Status
    {
        public DateTime? LastAttemptAt { get; init; }
        public DateTime? LastSuccessAt { get; init; }
        public int Failures { get; init; }
        public string? LastError { get; init; }
    }

    /// <summary>How many messages the run handled (new ones, not those only moved).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return 0;
        }
        if (!await gate.OneAtATime.WaitAsync(0, ct))
        {
            return 0; // the watcher's run and the minute's run meet: one reads, the other has nothing to add
        }
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using (var conn = await db.OpenAsync(ct))
            {
                var status = await conn.QuerySingleOrDefaultAsync<Status>(new CommandDefinition(StatusSql, cancellationToken: ct));
                if (status is { Failures: > 0, LastAttemptAt: { } last } && now < last + Backoff(status.Failures))
                {
                    return 0;
                }
                await conn.ExecuteAsync(new CommandDefinition(AttemptSql, new { now }, cancellationToken: ct));
            }
            try
            {
                var handled = await ReadAsync(ct);
                await using var conn = await db.OpenAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(SuccessSql, new { now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
                return handled;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Never fails the job: the status page says what went wrong, and the next minute's run (after the pause)
                // tries again.
                log.LogWarning(e, "Reading the reply mailbox {Host} failed", settings.Host);
                await using var conn = await db.OpenAsync(CancellationToken.None);
                await conn.ExecuteAsync(new CommandDefinition(FailureSql, new { error = Describe(e) }, cancellationToken: CancellationToken.None));
                return 0;
            }
        }
        finally
        {
            gate.OneAtATime.Release();
        }
    }

    /// <summary>1, 2, 4 … minutes after consecutive failures, at most 30.</summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromMinutes(Math.Min(30, Math.Pow(2, Math.Max(0, failures - 1))));

    private static string Describe(Exception e) => e switch
    {
        MailKit.Security.AuthenticationException => "The mailbox refused the user name or password.",
        System.Net.Sockets.SocketException s => $"Cannot reach the mailbox server: {s.Message}",
        ImapCommandException c => $"The mailbox server refused {c.Response}: {c.ResponseText}",
        _ => e.Message,
    };

    private async Task<int> ReadAsync(CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = settings.TimeoutSeconds * 1000 };
        await client.ConnectAsync(settings.Host!, settings.Port, settings.SecureSocketOptions, ct);
        await client.AuthenticateAsync(settings.UserName ?? "", settings.Password ?? "", ct);
        var folder = await client.GetFolderAsync(settings.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var processed = await FolderAsync(client, settings.ProcessedFolder, ct);
        var unrecognized = await FolderAsync(client, settings.UnrecognizedFolder, ct);
        var uids = await folder.SearchAsync(SearchQuery.All, ct);
        if (uids.Count == 0)
        {
            await client.DisconnectAsync(true, ct);
            return 0;
        }
        var summaries = await folder.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.InternalDate, ct);
        var handled = 0;
        foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
        {
            var item = new InboxItem(folder.FullName, folder.UidValidity, summary.UniqueId.Id, summary.Size ?? 0,
                summary.InternalDate?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime);
            MimeMessage? message = null;
            if (item.Size <= settings.MaxMessageBytes)
            {
                try
                {
                    message = await folder.GetMessageAsync(summary.UniqueId, ct);
                }
                catch (FormatException e)
                {
                    log.LogWarning(e, "Message {Uid} in the reply mailbox does not parse", item.Uid);
                }
            }
            InboxOutcome outcome;
            try
            {
                outcome = message is null && item.Size <= settings.MaxMessageBytes
                    ? await process.HandleAsync(item, Unreadable(), ct)
                    : await process.HandleAsync(item, message, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not System.Data.Common.DbException)
            {
                // One message that breaks the handling must not stop every later one: it is recorded with the reason and
                // set aside. (A database that fails fails the run, which is retried.)
                log.LogError(e, "Message {Uid} in the reply mailbox could not be handled", item.Uid);
                outcome = await process.RecordFailureAsync(item, message, e.Message, ct);
            }
            handled += outcome.AlreadyProcessed ? 0 : 1;
            var target = outcome.Recognized ? processed : unrecognized;
            await folder.MoveToAsync(summary.UniqueId, target, ct);
            await using var conn = await db.OpenAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(MovedSql, new
            {
                movedTo = target.FullName, folder = item.Folder, uidValidity = item.UidValidity, uid = item.Uid,
            }, cancellationToken: ct));
        }
        await client.DisconnectAsync(true, ct);
        return handled;
    }

    /// <summary>A message MimeKit cannot parse is recorded as such, not retried forever.</summary>
    private static MimeMessage Unreadable() => new() { Subject = "(a message that does not parse)", Body = new TextPart("plain") { Text = "" } };

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken ct)
    {
        try
        {
            return await client.GetFolderAsync(name, ct);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, ct) ?? throw new InvalidOperationException($"The mailbox did not create the folder {name}.");
        }
    }
}
