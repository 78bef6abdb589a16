using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Mailings;

public sealed class MailingsPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<MailingProgress> Mailings { get; init; } = [];
}

public sealed class MailingPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public MailingProgress Mailing { get; init; } = new();
    public IReadOnlyList<ListMailingRecipients.Row> Recipients { get; init; } = [];
    public IReadOnlyList<ListMailingRecipients.Skip> Skips { get; init; } = [];
    public int Shown { get; init; }
}

[Route("roundtables/{roundtableId:long}/mailings"), Authorize(Policy = Policies.Organizer)]
public sealed class MailingsController(
    GetRoundtable getRoundtable, ListMailings list, GetMailingSnapshot snapshot, CancelQueued cancel, ResendRecipient resend,
    TimeProvider clock) : Controller
{
    public const int RecipientLimit = 1000;

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct) => View(new MailingsPage
    {
        Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
        Mailings = await list.HandleAsync(roundtableId, clock.GetUtcNow().UtcDateTime, ct),
    });

    [HttpGet("{mailingId:long}"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Show(long roundtableId, long mailingId, CancellationToken ct)
    {
        var s = await snapshot.HandleAsync(mailingId, RecipientLimit, clock.GetUtcNow().UtcDateTime, ct);
        if (s is null || s.Mailing.RoundtableId != roundtableId)
        {
            return NotFound();
        }
        return View(new MailingPage
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Mailing = s.Mailing, Recipients = s.Recipients, Skips = s.Skips, Shown = s.Recipients.Count,
        });
    }

    [HttpPost("{mailingId:long}/cancel"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Cancel(long roundtableId, long mailingId, CancellationToken ct)
    {
        if (!await BelongsAsync(roundtableId, mailingId, ct))
        {
            return NotFound();
        }
        var n = await cancel.HandleAsync(mailingId, ct);
        // What a delivery worker has taken already is sent all the same: the progress read after the cancel says how much.
        var sending = (await list.OneAsync(mailingId, clock.GetUtcNow().UtcDateTime, ct))?.Sending ?? 0;
        TempData["Flash"] = (n == 0 ? "Nothing was waiting to be sent." : $"{Messages(n)} cancelled.")
            + (sending == 0 ? "" : $" {Messages(sending)} already on {(sending == 1 ? "its" : "their")} way to the mail server will still go.");
        return RedirectToAction(nameof(Show), new { roundtableId, mailingId });
    }

    [HttpPost("{mailingId:long}/recipients/{outboxId:long}/resend"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Resend(long roundtableId, long mailingId, long outboxId, CancellationToken ct)
    {
        if (!await BelongsAsync(roundtableId, mailingId, ct))
        {
            return NotFound();
        }
        TempData["Flash"] = await resend.HandleAsync(mailingId, outboxId, ct)
            ? "The message is queued to be sent again."
            : "That message is still on its way; it can be resent once it was sent, failed or was cancelled.";
        return RedirectToAction(nameof(Show), new { roundtableId, mailingId });
    }

    private async Task<bool> BelongsAsync(long roundtableId, long mailingId, CancellationToken ct) =>
        (await list.OneAsync(mailingId, clock.GetUtcNow().UtcDateTime, ct))?.RoundtableId == roundtableId;

    private static string Messages(int n) => n == 1 ? "1 message" : $"{n} messages";
}

/// <summary>One mailing with its recipients (problems first, at most <see cref="MailingsController.RecipientLimit"/>) and those skipped.</summary>
public sealed class MailingDocument
{
    public MailingProgress Mailing { get; init; } = new();
    public IReadOnlyList<ListMailingRecipients.Row> Recipients { get; init; } = [];
    public IReadOnlyList<ListMailingRecipients.Skip> Skips { get; init; } = [];
}

/// <summary>The roundtable's mailings: the live numbers the mailing page polls, and the page's reads, cancel and resend.</summary>
[ApiController, Route("api/roundtables/{roundtableId:long}/mailings"), IgnoreAntiforgeryToken, Authorize(Policy = Policies.Organizer)]
public sealed class MailingsApiController(ListMailings list, ListMailingRecipients recipients, CancelQueued cancel, ResendRecipient resend, GetMailingSnapshot snapshot, TimeProvider clock) : ControllerBase
{
    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IReadOnlyList<MailingProgress>> Index(long roundtableId, CancellationToken ct) =>
        await list.HandleAsync(roundtableId, clock.GetUtcNow().UtcDateTime, ct);

    [HttpGet("{mailingId:long}"), RequireRoundtable(Access.Manage)]
    public async Task<ActionResult<MailingDocument>> Get(long roundtableId, long mailingId, CancellationToken ct)
    {
        var m = await list.OneAsync(mailingId, clock.GetUtcNow().UtcDateTime, ct);
        if (m is null || m.RoundtableId != roundtableId)
        {
            return NotFound();
        }
        var (rows, skips) = await recipients.HandleAsync(mailingId, MailingsController.RecipientLimit, ct);
        return new MailingDocument { Mailing = m, Recipients = rows, Skips = skips };
    }

    /// <summary>Cancels what has not gone out yet; <c>sending</c> says how many were already on their way and will still go.</summary>
    [HttpPost("{mailingId:long}/cancel"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Cancel(long roundtableId, long mailingId, CancellationToken ct)
    {
        if ((await list.OneAsync(mailingId, clock.GetUtcNow().UtcDateTime, ct))?.RoundtableId != roundtableId)
        {
            return NotFound();
        }
        var cancelled = await cancel.HandleAsync(mailingId, ct);
        var after = (await list.OneAsync(mailingId, clock.GetUtcNow().UtcDateTime, ct))!;
        return Ok(new { cancelled, after.Sending, Mailing = after });
    }

    /// <summary>Queues one recipient's message again (a new Message-ID); 409 while that message is still on its way.</summary>
    [HttpPost("{mailingId:long}/recipients/{outboxId:long}/resend"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Resend(long roundtableId, long mailingId, long outboxId, CancellationToken ct)
    {
        if ((await list.OneAsync(mailingId, clock.GetUtcNow().UtcDateTime, ct))?.RoundtableId != roundtableId)
        {
            return NotFound();
        }
        if (await resend.HandleAsync(mailingId, outboxId, ct))
        {
            return Accepted($"/api/roundtables/{roundtableId}/mailings/{mailingId}");
        }
        var (rows, _) = await recipients.HandleAsync(mailingId, int.MaxValue, ct);
        return rows.Any(r => r.Id == outboxId)
            ? Problem(statusCode: StatusCodes.Status409Conflict, title: "Still on its way",
                detail: "That message is still on its way; it can be resent once it was sent, failed or was cancelled.")
            : NotFound();
    }

    /// <summary>The counts and the recipients' rows (problems first, as the page lists them) from one read.</summary>
    [HttpGet("{mailingId:long}/progress"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Progress(long roundtableId, long mailingId, CancellationToken ct)
    {
        var s = await snapshot.HandleAsync(mailingId, MailingsController.RecipientLimit, clock.GetUtcNow().UtcDateTime, ct);
        if (s is null || s.Mailing.RoundtableId != roundtableId)
        {
            return NotFound();
        }
        var m = s.Mailing;
        return Ok(new
        {
            m.Id, m.Total, m.Queued, m.Sending, m.Sent, m.Retrying, m.Failed, m.Cancelled, m.Skipped, m.Done, m.Finished, m.State, m.Rate,
            Recipients = s.Recipients.Select(r => new { r.Id, r.Status, r.Attempts, r.Resends, r.LastSmtpCode, r.LastSmtpText, r.SentAt, r.NextAttemptAt }),
        });
    }
}
