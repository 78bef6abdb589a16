using System.Text.RegularExpressions;
using Hangfire;
using Roundtable.Web.Features.EmailTemplates;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// Step (c) of the mail-out job: the report mailing. The mailing and its one PDF attachment appear together (keyed
/// by the run, so a rerun finds them); then the recipients are rendered and queued a page at a time, each page in
/// its own transaction with the run's cursor, so a rerun continues after the last page written and memory stays flat.
/// </summary>
public sealed partial class ReportMailing(
    Db db, ReportRecipients recipients, ReportMailComposer composer, EmailTemplateStore templates, GetReport getReport,
    Outbox outbox, RunLedger ledger, IBackgroundJobClient jobs, MailSettings mail, TimeProvider clock)
{
    public const int PageSize = 500;

    public static string DedupKey(long runId) => $"report:followup:{runId}";

    private sealed class EditionRow
    {
        public int Number { get; init; }
        public byte[]? Pdf { get; init; }
    }

    private const string EditionSql = "SELECT number, pdf FROM report_editions WHERE id = @editionId";
    private const string MarkEditionSql = "UPDATE mailings SET edition_id = @editionId WHERE id = @mailingId";
    private const string SetMailingSql = "UPDATE followup_runs SET report_mailing_id = @mailingId, updated_at = @now WHERE id = @runId AND lease_token = @token";
    private const string CursorSql = "UPDATE followup_runs SET report_cursor = @cursor, lease_until = @until, updated_at = @now WHERE id = @runId AND lease_token = @token";
    private const string QueuedSql = "UPDATE followup_runs SET report_queued_at = @now, updated_at = @now WHERE id = @runId AND lease_token = @token";
    private const string CountSql = "SELECT COUNT(*) FROM outbox WHERE mailing_id = @mailingId";
    private const string SkipCountSql = "SELECT COUNT(*) FROM mailing_skips WHERE mailing_id = @mailingId";

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NotSlug();

    /// <returns>null when done; otherwise why the step cannot go on.</returns>
    public async Task<string?> HandleAsync(MailOutRun run, long editionId, string token, GetRoundtable.Row rt, GetRoundtable.Row? followUp, CancellationToken ct)
    {
        EditionRow edition;
        await using (var conn = await db.OpenAsync(ct))
        {
            edition = await conn.QuerySingleAsync<EditionRow>(new CommandDefinition(EditionSql, new { editionId }, cancellationToken: ct));
        }
        var mailingId = run.ReportMailingId ?? await CreateMailingAsync(run, token, rt, edition, editionId, ct);
        if (mailingId is null)
        {
            return $"Edition {edition.Number} has no PDF to attach. Assemble a new edition and try again.";
        }

        var texts = await getReport.HandleAsync(rt.Id, ct);
        var shared = composer.Shared(string.IsNullOrWhiteSpace(texts.Title) ? rt.Title : texts.Title!, (texts.Abstract ?? "").Trim(), edition.Number, followUp);
        var template = await templates.CompileAsync(rt.Id, "report", ct);
        var cursor = run.ReportCursor;
        while (true)
        {
            var page = await recipients.PageAsync(rt.Id, run.Id, cursor, PageSize, ct);
            if (page.Count == 0)
            {
                break;
            }
            var messages = page.Where(r => Emails.IsValid(r.Email) && r.ReportMailDeclinedAt is null).Select(r => composer.Message(rt, template, shared, r)).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            await using var conn = await db.OpenAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            foreach (var m in messages)
            {
                await outbox.AddAsync(conn, tx, mailingId.Value, m, now, ct);
            }
            foreach (var r in page.Where(r => r.ReportMailDeclinedAt is not null && Emails.IsValid(r.Email)))
            {
                await outbox.SkipAsync(conn, tx, mailingId.Value, ReportMailComposer.Key(r.ParticipationId), r.DisplayName,
                    "Declined report mail on " + r.ReportMailDeclinedAt!.Value.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) + ".", ct);
            }
            foreach (var r in page.Where(r => !Emails.IsValid(r.Email)))
            {
                await outbox.SkipAsync(conn, tx, mailingId.Value, ReportMailComposer.Key(r.ParticipationId), r.DisplayName,
                    string.IsNullOrWhiteSpace(r.Email) ? ReportMailComposer.NoEmail : $"“{r.Email}” is not an address a mail server accepts.", ct);
            }
            cursor = page[^1].ParticipationId;
            if (await conn.ExecuteAsync(new CommandDefinition(CursorSql, new { runId = run.Id, token, cursor, until = now + RunLedger.Lease, now }, tx, cancellationToken: ct)) == 0)
            {
                throw new LeaseLostException(run.Id);
            }
            await tx.CommitAsync(ct);
        }

        long queued, skipped;
        await using (var conn = await db.OpenAsync(ct))
        {
            queued = await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { mailingId }, cancellationToken: ct));
            skipped = await conn.ExecuteScalarAsync<long>(new CommandDefinition(SkipCountSql, new { mailingId }, cancellationToken: ct));
        }
        await ledger.CompleteAsync(run.Id, token, "report", QueuedSql, new { },
            $"Report mailing queued: {queued:N0} recipients" + (skipped > 0 ? $", {skipped:N0} skipped (no usable address)." : "."));
        jobs.StartDelivery(mailingId.Value, mail);
        return null;
    }

    private async Task<long?> CreateMailingAsync(MailOutRun run, string token, GetRoundtable.Row rt, EditionRow edition, long editionId, CancellationToken ct)
    {
        if (edition.Pdf is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (mailingId, created) = await outbox.CreateMailingAsync(conn, tx, rt.Id, "report", $"Report, edition {edition.Number}",
            DedupKey(run.Id), run.CreatedByUserId, now, ct);
        if (created)
        {
            await conn.ExecuteAsync(new CommandDefinition(MarkEditionSql, new { editionId, mailingId }, tx, cancellationToken: ct));
            await outbox.AttachAsync(conn, tx, mailingId, FileName(rt.Title, edition.Number), "application/pdf", edition.Pdf, now, ct);
        }
        await ledger.CompleteAsync(conn, tx, run.Id, token, "report", SetMailingSql, new { mailingId },
            $"Report mailing created with the PDF of edition {edition.Number} attached ({edition.Pdf.Length / 1024:N0} KB, stored once).");
        await tx.CommitAsync(ct);
        return mailingId;
    }

    public static string FileName(string title, int edition)
    {
        var slug = NotSlug().Replace(title, "-").Trim('-');
        return $"{(slug.Length > 80 ? slug[..80].TrimEnd('-') : slug)}-edition-{edition}.pdf";
    }
}
