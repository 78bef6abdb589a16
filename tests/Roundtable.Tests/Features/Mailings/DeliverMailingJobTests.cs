using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure.Mail;
using SmtpServer.Protocol;

namespace Roundtable.Tests.Features.Mailings;

/// <summary>The delivery job called directly (no Hangfire server), against real SQLite and a real SMTP server.</summary>
public sealed class DeliverMailingJobTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private Task RunAsync(long mailingId) => app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(mailingId, CancellationToken.None); return true; });

    private async Task<T> Job<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private int Received(string prefix) => app.Smtp.Received.Count(m => m.To.Mailboxes.Single().Address.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public async Task The_same_job_run_twice_sends_each_message_once()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Twice", 25);
        var sent = await app.InviteAsync(roundtableId, participations);
        await Task.WhenAll(RunAsync(sent.MailingId), RunAsync(sent.MailingId));
        await RunAsync(sent.MailingId);
        Assert.Equal(25, Received("twice"));
        Assert.Equal(25, app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("twice", StringComparison.Ordinal)).Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 25 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task A_4xx_reply_is_retried_after_a_backoff_and_then_sent()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Busy", 3);
        var refusals = 0;
        app.Smtp.Rule = to => to == "busy001@invitees.example.org" && Interlocked.Increment(ref refusals) <= 1
            ? new SmtpResponse(SmtpReplyCode.Unavailable, "Mailbox busy, try again later") : null;
        var sent = await app.InviteAsync(roundtableId, participations);
        await RunAsync(sent.MailingId);
        var sinceRefusal = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(2, Received("busy"));
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 2, ["retrying"] = 1 }, await app.OutboxCountsAsync(sent.MailingId));
        var page = await RecipientsAsync(sent.MailingId);
        Assert.Contains(page, r => r.Status == "retrying" && r.LastSmtpCode == 450 && r.LastSmtpText!.Contains("Mailbox busy"));

        // Not due yet: nothing happens. The backoff here is 1 s; on a loaded machine the checks above can take longer,
        // and then the retry is rightly due, so the claim is only checked while it still holds.
        var early = sinceRefusal.Elapsed < TimeSpan.FromMilliseconds(500);
        await RunAsync(sent.MailingId);
        if (early)
        {
            Assert.Equal(2, Received("busy"));
        }
        await Task.Delay(1300);
        await RunAsync(sent.MailingId);
        Assert.Equal(3, Received("busy"));
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 3 }, await app.OutboxCountsAsync(sent.MailingId));
        Assert.Contains(await RecipientsAsync(sent.MailingId), r => r.Address == "busy001@invitees.example.org" && r.Attempts == 2 && r.Status == "sent");
        app.Smtp.Rule = _ => null;
    }

    [Fact]
    public async Task A_5xx_reply_fails_that_recipient_with_the_reason_and_the_others_are_sent()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Reject", 4);
        app.Smtp.Rule = to => to == "reject002@invitees.example.org" ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such user here") : null;
        var sent = await app.InviteAsync(roundtableId, participations);
        await RunAsync(sent.MailingId);
        await Task.Delay(1300);
        await RunAsync(sent.MailingId);
        Assert.Equal(3, Received("reject"));
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 3, ["failed"] = 1 }, await app.OutboxCountsAsync(sent.MailingId));
        var failed = (await RecipientsAsync(sent.MailingId)).Single(r => r.Status == "failed");
        Assert.Equal("reject002@invitees.example.org", failed.Address);
        Assert.Equal(550, failed.LastSmtpCode);
        Assert.Contains("No such user here", failed.LastSmtpText);
        Assert.Equal(1, failed.Attempts);
        app.Smtp.Rule = _ => null;
    }

    [Fact]
    public async Task Delivery_runs_on_threads_of_its_own_below_the_apps_priority_and_leaves_the_pool_as_it_was()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Nice", 6);
        var baseline = NiceOf(File.ReadAllText("/proc/self/stat")); // the main thread's
        var seen = new List<(string Name, int Nice)>();
        // The server answers this RCPT only after looking at the process's threads: the worker waiting for the answer is
        // one of them.
        app.Smtp.Rule = to =>
        {
            if (to == "nice003@invitees.example.org")
            {
                lock (seen)
                {
                    seen.AddRange(Threads().Where(t => t.Name == DeliveryThreads.Name));
                }
            }
            return null;
        };
        try
        {
            var sent = await app.InviteAsync(roundtableId, participations);
            await RunAsync(sent.MailingId);
            Assert.Equal(6, Received("nice"));
        }
        finally
        {
            app.Smtp.Rule = _ => null;
        }
        var expected = Math.Min(19, baseline + app.Services.GetRequiredService<MailSettings>().DeliveryNice);
        Assert.Equal(10, expected - baseline); // the default
        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal(expected, t.Nice));
        // A thread starts with its creator's nice value: had a delivery thread started one of the pool's threads (by
        // queueing work, or by running a continuation), that thread would now serve requests at delivery's priority.
        Assert.All(Threads().Where(t => t.Name == ".NET TP Worker"), t => Assert.Equal(baseline, t.Nice));
    }

    /// <summary>The threads of this process with their names and nice values, from /proc.</summary>
    private static List<(string Name, int Nice)> Threads() =>
        Directory.GetDirectories("/proc/self/task")
            .Select(dir => (Name: ReadOrEmpty(Path.Combine(dir, "comm")).TrimEnd('\n'), Stat: ReadOrEmpty(Path.Combine(dir, "stat"))))
            .Where(t => t.Stat.Length > 0)
            .Select(t => (t.Name, NiceOf(t.Stat)))
            .ToList();

    // A line of /proc/<pid>/task/<tid>/stat: the nice value is its 19th field, the 17th after the name in parentheses
    // (which may hold spaces).
    private static int NiceOf(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);

    // A thread may end between listing it and reading it.
    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    [Fact]
    public async Task With_the_smtp_server_down_the_mailing_is_retrying_and_nothing_is_lost()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Down", 5);
        var sent = await app.InviteAsync(roundtableId, participations);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<Roundtable.Web.Infrastructure.Mail.MailSettings>();
            var down = new DeliverMailingJob(scope.ServiceProvider.GetRequiredService<OutboxClaims>(), scope.ServiceProvider.GetRequiredService<MessageBuilder>(),
                new Roundtable.Web.Infrastructure.Mail.SmtpMailSender(new Roundtable.Web.Infrastructure.Mail.MailSettings
                {
                    Host = "127.0.0.1", Port = SmtpTestServer.FreePort(), Security = "None", From = settings.From, TimeoutSeconds = 5,
                }),
                settings, scope.ServiceProvider.GetRequiredService<Hangfire.IBackgroundJobClient>(), TimeProvider.System,
                scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DeliverMailingJob>>());
            await down.RunAsync(sent.MailingId, CancellationToken.None);
        }
        Assert.Equal(0, Received("down"));
        Assert.Equal(new Dictionary<string, int> { ["retrying"] = 5 }, await app.OutboxCountsAsync(sent.MailingId));
        Assert.All(await RecipientsAsync(sent.MailingId), r => Assert.Contains("reach the mail server", r.LastSmtpText));
        var progress = await app.Run<ListMailings, MailingProgress?>(l => l.OneAsync(sent.MailingId, DateTime.UtcNow, CancellationToken.None));
        Assert.Equal("retrying", progress!.State);

        await Task.Delay(1300);
        await RunAsync(sent.MailingId);
        Assert.Equal(5, Received("down"));
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 5 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task Stopping_a_run_midway_puts_back_what_it_had_not_sent_including_the_batch_claimed_ahead()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Stop", 40);
        var sent = await app.InviteAsync(roundtableId, participations);
        app.Smtp.Delay = TimeSpan.FromSeconds(20); // every message waits long for its reply
        try
        {
            using var stop = new CancellationTokenSource();
            var attempts = app.Smtp.Attempts;
            var run = app.Run<DeliverMailingJob, bool>(async j => { await j.RunAsync(sent.MailingId, stop.Token); return true; });
            await app.Smtp.WaitForAsync(s => s.Attempts >= attempts + 3);
            var stoppedAt = DateTime.UtcNow;
            stop.Cancel();
            // Each worker is blocked reading a reply; cancelling closes its socket rather than waiting out the 30 s timeout.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(DateTime.UtcNow - stoppedAt < TimeSpan.FromSeconds(5), "the run did not stop promptly");
        }
        finally
        {
            app.Smtp.Delay = TimeSpan.Zero;
        }

        // Three workers held a batch of 10 and the next 10 each: nothing is left claimed, and what did not go out waits.
        var counts = await app.OutboxCountsAsync(sent.MailingId);
        Assert.Empty(counts.Keys.Except(["sent", "queued"]));
        Assert.True(counts.GetValueOrDefault("queued") >= 40 - 6, $"{string.Join(", ", counts)}");
        var recipients = await RecipientsAsync(sent.MailingId);
        Assert.All(recipients.Where(r => r.Status == "queued"), r => Assert.Equal(0, r.Attempts));

        await RunAsync(sent.MailingId);
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 40 }, await app.OutboxCountsAsync(sent.MailingId));
        var byRecipient = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("stop", StringComparison.Ordinal))
            .GroupBy(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(40, byRecipient.Count);
        // A message whose reply was cut off may have reached the server: it comes again with the same Message-ID.
        Assert.All(byRecipient.Where(g => g.Count() > 1), g => Assert.Single(g.Select(m => m.MessageId).Distinct()));
        Assert.True(byRecipient.Count(g => g.Count() > 1) <= 3);
    }

    [Fact]
    public async Task Rows_left_sending_by_a_stopped_process_are_sent_again_with_the_same_message_id_after_a_restart()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Crash", 6);
        var sent = await app.InviteAsync(roundtableId, participations);
        var claimed = await Job(sp => Task.FromResult(sp.GetRequiredService<OutboxClaims>().Claim(sent.MailingId, "dead-process", 4, CancellationToken.None)));
        Assert.Equal(4, claimed.Count);
        await RunAsync(sent.MailingId);
        Assert.Equal(2, Received("crash"));

        await Job(async sp => { await sp.GetRequiredService<SweepOutboxJob>().RecoverAfterRestartAsync(singleProcess: true, CancellationToken.None); return 0; });
        await RunAsync(sent.MailingId);
        Assert.Equal(6, Received("crash"));
        var ids = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("crash", StringComparison.Ordinal)).Select(m => m.MessageId).ToList();
        Assert.Contains(claimed[0].MessageId, ids);
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 6 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task Cancel_stops_what_is_queued_and_resend_sends_one_recipient_again_with_a_new_message_id()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Cancel", 4);
        var sent = await app.InviteAsync(roundtableId, participations);
        Assert.Equal(4, await app.Run<CancelQueued, int>(c => c.HandleAsync(sent.MailingId, CancellationToken.None)));
        await RunAsync(sent.MailingId);
        Assert.Equal(0, Received("cancel"));

        var row = (await RecipientsAsync(sent.MailingId)).First();
        Assert.True(await app.Run<ResendRecipient, bool>(r => r.HandleAsync(sent.MailingId, row.Id, CancellationToken.None)));
        await RunAsync(sent.MailingId);
        var message = Assert.Single(app.Smtp.Received, m => m.To.Mailboxes.Single().Address.StartsWith("cancel", StringComparison.Ordinal));
        Assert.Equal(row.Address, message.To.Mailboxes.Single().Address);
        Assert.Matches(@"\.1\.[0-9a-f]{32}@institute\.example\.org$", message.MessageId);
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 1, ["cancelled"] = 3 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    [Fact]
    public async Task A_mailing_attachment_is_stored_once_and_reaches_every_recipient()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Attach", 3);
        var sent = await app.InviteAsync(roundtableId, participations);
        var pdf = "%PDF-1.4 a report"u8.ToArray();
        await using (var conn = await app.Db.OpenAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await app.Services.GetRequiredService<Outbox>().AttachAsync(conn, tx, sent.MailingId, "report.pdf", "application/pdf", pdf, DateTime.UtcNow, CancellationToken.None);
            await tx.CommitAsync();
            Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailing_attachments WHERE mailing_id = @m", new { m = sent.MailingId }));
        }
        await RunAsync(sent.MailingId);
        var received = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("attach", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, received.Count);
        foreach (var m in received)
        {
            var attachment = Assert.Single(m.Attachments.OfType<MimeKit.MimePart>());
            Assert.Equal("report.pdf", attachment.FileName);
            using var bytes = new MemoryStream();
            attachment.Content!.DecodeTo(bytes);
            Assert.Equal(pdf, bytes.ToArray());
            Assert.NotNull(m.TextBody);
        }
    }

    [Fact]
    public async Task Each_message_carries_its_own_recipient_headers_and_body_though_a_worker_refills_one_message()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Own", 12);
        var sent = await app.InviteAsync(roundtableId, participations);
        await RunAsync(sent.MailingId);

        var received = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("own", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, received.Count);
        await using var conn = await app.Db.OpenAsync();
        var rows = (await conn.QueryAsync<(string MessageId, string Address, string Subject, string ContentType, byte[] Wire)>("""
            SELECT o.message_id, o.address, o.subject, c.content_type, c.wire FROM outbox o JOIN outbox_content c ON c.outbox_id = o.id
            WHERE o.mailing_id = @mailingId
            """, new { mailingId = sent.MailingId })).ToDictionary(r => r.MessageId);
        foreach (var m in received)
        {
            var row = rows[m.MessageId!];
            Assert.Equal(row.Address, Assert.Single(m.To.Mailboxes).Address);
            Assert.Equal(row.Subject, m.Subject);
            Assert.Equal(sent.MailingId.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(m.Headers, h => h.Field == "X-Roundtable-Mailing").Value);
            var stored = (MimeKit.Multipart)MimeKit.MimeEntity.Load(MimeKit.ContentType.Parse(row.ContentType), new MemoryStream(row.Wire));
            Assert.Equal(stored.Boundary, Assert.IsType<MimeKit.MultipartAlternative>(m.Body).Boundary);
            Assert.Equal(stored.OfType<MimeKit.TextPart>().First().Text, m.TextBody);
        }
        Assert.Equal(12, received.Select(m => m.TextBody).Distinct().Count()); // each has its own RSVP links
        // ...under the one boundary of the mailing, so a worker reuses the body entity and only swaps its bytes.
        Assert.Equal(Outbox.Boundary(sent.MailingId), Assert.Single(received.Select(m => Assert.IsType<MimeKit.MultipartAlternative>(m.Body).Boundary).Distinct()));
    }

    [Fact]
    public async Task A_resend_carries_the_same_body_bytes_under_a_new_message_id()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Again", 1);
        var sent = await app.InviteAsync(roundtableId, participations);
        await RunAsync(sent.MailingId);
        var row = Assert.Single(await RecipientsAsync(sent.MailingId));
        Assert.True(await app.Run<ResendRecipient, bool>(r => r.HandleAsync(sent.MailingId, row.Id, CancellationToken.None)));
        await RunAsync(sent.MailingId);

        var both = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("again", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, both.Count);
        Assert.NotEqual(both[0].MessageId, both[1].MessageId);
        // The body was serialized once, when the message was queued: the same boundary, the same parts.
        Assert.Equal(Assert.IsType<MimeKit.MultipartAlternative>(both[0].Body).Boundary, Assert.IsType<MimeKit.MultipartAlternative>(both[1].Body).Boundary);
        Assert.Equal(both[0].TextBody, both[1].TextBody);
        Assert.Equal(both[0].HtmlBody, both[1].HtmlBody);
        Assert.Contains("/rsvp/", both[1].TextBody);
    }

    [Fact]
    public async Task A_message_queued_before_bodies_were_kept_on_the_wire_is_built_from_its_texts()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Legacy", 2);
        var sent = await app.InviteAsync(roundtableId, participations);
        const string Calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
        await using (var conn = await app.Db.OpenAsync())
        {
            // What the upgrade leaves for a message queued by an earlier version: the texts, no serialized body.
            await conn.ExecuteAsync("""
                UPDATE outbox_content SET content_type = NULL, wire = NULL, text_body = 'Dear Dr Legacy, see you in Tromsø.',
                    html_body = '<p>Dear Dr Legacy</p>', calendar = @Calendar
                WHERE outbox_id = (SELECT MIN(id) FROM outbox WHERE mailing_id = @mailingId)
                """, new { Calendar, mailingId = sent.MailingId });
        }
        await RunAsync(sent.MailingId);

        var received = app.Smtp.Received.Where(m => m.To.Mailboxes.Single().Address.StartsWith("legacy", StringComparison.Ordinal))
            .OrderBy(m => m.To.Mailboxes.Single().Address, StringComparer.Ordinal).ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal("Dear Dr Legacy, see you in Tromsø.", received[0].TextBody);
        Assert.Equal("<p>Dear Dr Legacy</p>", received[0].HtmlBody);
        var calendar = Assert.Single(received[0].BodyParts.OfType<MimeKit.TextPart>(), p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal(Calendar, Decoded(calendar)); // base64 keeps the calendar's CRLF line ends byte for byte
        Assert.EndsWith("END:VCALENDAR\r\n", Decoded(Assert.Single(received[1].BodyParts.OfType<MimeKit.TextPart>(), p => p.ContentType.MimeType == "text/calendar")));
        Assert.Contains("/rsvp/", received[1].TextBody);
        Assert.Equal(new Dictionary<string, int> { ["sent"] = 2 }, await app.OutboxCountsAsync(sent.MailingId));
    }

    private static string Decoded(MimeKit.MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private Task<IReadOnlyList<ListMailingRecipients.Row>> RecipientsAsync(long mailingId) =>
        app.Run<ListMailingRecipients, IReadOnlyList<ListMailingRecipients.Row>>(async l => (await l.HandleAsync(mailingId, 1000, CancellationToken.None)).Rows);
}
