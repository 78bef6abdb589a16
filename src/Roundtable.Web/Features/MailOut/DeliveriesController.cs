using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.MailOut;

public sealed class DeliveriesPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<ListReportDeliveries.EditionSummary> Editions { get; init; } = [];
    public IReadOnlyList<ListReportDeliveries.Row> Rows { get; init; } = [];
    public IReadOnlyList<ListReportDeliveries.Skip> Skips { get; init; } = [];
    public int? Edition { get; init; }
    public string? Status { get; init; }
}

/// <summary>Who received which edition of the report, and resending one recipient's copy.</summary>
[Route("roundtables/{roundtableId:long}/report/deliveries"), Authorize(Policy = Policies.Organizer)]
public sealed class DeliveriesController(GetRoundtable getRoundtable, ListReportDeliveries deliveries, ResendRecipient resend) : Controller
{
    public const int Limit = 2000;

    private static readonly string[] Statuses = ["queued", "sending", "sent", "retrying", "failed", "cancelled"];

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, int? edition, string? status, CancellationToken ct)
    {
        status = Statuses.Contains(status) ? status : null;
        return View("Deliveries", new DeliveriesPage
        {
            Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
            Editions = await deliveries.SummaryAsync(roundtableId, ct),
            Rows = await deliveries.HandleAsync(roundtableId, edition, status, Limit, ct),
            Skips = await deliveries.SkipsAsync(roundtableId, ct),
            Edition = edition,
            Status = status,
        });
    }

    [HttpPost("{mailingId:long}/{outboxId:long}/resend"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Resend(long roundtableId, long mailingId, long outboxId, CancellationToken ct)
    {
        if (!(await deliveries.SummaryAsync(roundtableId, ct)).Any(e => e.MailingId == mailingId))
        {
            return NotFound();
        }
        TempData["Flash"] = await resend.HandleAsync(mailingId, outboxId, ct)
            ? "The report is queued to be sent to them again, with the same edition and a new Message-ID."
            : "That message is still on its way; it can be resent once it was sent, failed or was cancelled.";
        return Redirect($"/roundtables/{roundtableId}/report/deliveries");
    }
}
