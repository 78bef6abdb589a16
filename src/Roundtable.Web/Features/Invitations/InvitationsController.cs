using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

public sealed class InvitationsPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<Invitee> Matching { get; init; } = [];
    public IReadOnlyList<Invitee> All { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public int? ReminderDays { get; init; }
    /// <summary>Invitees whose calendars show old details: they are offered an update.</summary>
    public int InviteesBehind { get; init; }
    public bool Past { get; init; }
}

[Route("roundtables/{roundtableId:long}/invitations"), Authorize(Policy = Policies.Organizer)]
public sealed class InvitationsController(
    GetRoundtable getRoundtable, ListInvitees invitees, SendInvitations send, GetReminderDays reminderDays,
    SaveReminderDays saveReminderDays, CheckCalendarChange calendarChange, TimeProvider clock) : Controller
{
    public static readonly string[] DefaultStatuses = ["not_invited"];

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, [FromQuery(Name = "role")] string[]? roles, [FromQuery(Name = "status")] string[]? statuses,
        [FromQuery] string? picked, CancellationToken ct)
    {
        // MVC binds an absent list as an empty one: only the picker's own field tells "any" from a first visit, which
        // shows those not invited yet (so a second send does not invite everyone again).
        var firstVisit = picked is null && roles is not { Length: > 0 } && statuses is not { Length: > 0 };
        return View(await PageAsync(roundtableId, firstVisit ? null : roles ?? [], firstVisit ? null : statuses ?? [], ct));
    }

    // One field per ticked participant: more than the 1,024 form values ASP.NET Core takes by default may be ticked.
    [HttpPost("send"), RequireRoundtable(Access.Manage), RequestFormLimits(ValueCountLimit = 20_000)]
    public async Task<IActionResult> Send(long roundtableId, [FromForm] long[]? participationIds, [FromForm] string? sendKey, CancellationToken ct)
    {
        var result = await send.HandleAsync(roundtableId, participationIds ?? [], update: false, User.Id(), ct, DedupKey(roundtableId, sendKey));
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View("Index", await PageAsync(roundtableId, null, null, ct));
        }
        TempData["Flash"] = Sent(result.Value!, "invitation");
        return Redirect($"/roundtables/{roundtableId}/mailings/{result.Value!.MailingId}");
    }

    [HttpPost("update"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> SendUpdate(long roundtableId, [FromForm] string? sendKey, CancellationToken ct)
    {
        var invited = (await invitees.HandleAsync(roundtableId, ct)).Where(i => i.InvitationStatus != "not_invited").Select(i => i.ParticipationId).ToList();
        var result = await send.HandleAsync(roundtableId, invited, update: true, User.Id(), ct, DedupKey(roundtableId, sendKey));
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View("Index", await PageAsync(roundtableId, null, null, ct));
        }
        TempData["Flash"] = Sent(result.Value!, "updated invitation");
        return Redirect($"/roundtables/{roundtableId}/mailings/{result.Value!.MailingId}");
    }

    [HttpPost("reminders"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Reminders(long roundtableId, [FromForm] int? reminderDays, CancellationToken ct)
    {
        var result = await saveReminderDays.HandleAsync(roundtableId, reminderDays, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View("Index", await PageAsync(roundtableId, null, null, ct));
        }
        TempData["Flash"] = reminderDays is null ? "Reminders are off." : $"Non-responders will be reminded {reminderDays} day{(reminderDays == 1 ? "" : "s")} before the roundtable.";
        return RedirectToAction(nameof(Index), new { roundtableId });
    }

    /// <summary>The page's send key (one per page shown), so the same form sent twice makes one mailing.</summary>
    private static string? DedupKey(long roundtableId, string? sendKey) =>
        Guid.TryParseExact(sendKey, "N", out var key) ? $"invitations:{roundtableId}:{key:N}" : null;

    private static string Sent(InvitationsSent s, string what) => s.Repeated
        ? $"These {what}s were sent already; this is their mailing."
        : $"{s.Queued} {what}{(s.Queued == 1 ? "" : "s")} queued." +
        (s.Skipped.Count == 0 ? "" : $" Skipped, no email address: {string.Join(", ", s.Skipped)}.");

    private async Task<InvitationsPage> PageAsync(long roundtableId, string[]? roles, string[]? statuses, CancellationToken ct)
    {
        var rt = (await getRoundtable.HandleAsync(roundtableId, ct))!;
        var all = await invitees.HandleAsync(roundtableId, ct);
        var pickedRoles = (roles ?? []).Where(ParticipationRoles.IsKnown).ToList();
        var pickedStatuses = (statuses ?? []).Where(s => InvitationStatuses.All.Any(x => x.Value == s)).ToList();
        if (roles is null && statuses is null)
        {
            pickedStatuses = [.. DefaultStatuses];
        }
        return new InvitationsPage
        {
            Roundtable = rt,
            All = all,
            Matching = all.Where(i => (pickedRoles.Count == 0 || i.Roles.Any(pickedRoles.Contains))
                && (pickedStatuses.Count == 0 || pickedStatuses.Contains(i.InvitationStatus))).ToList(),
            Roles = pickedRoles,
            Statuses = pickedStatuses,
            ReminderDays = await reminderDays.HandleAsync(roundtableId, ct),
            InviteesBehind = await calendarChange.HandleAsync(rt, all, ct),
            Past = RsvpTokens.ExpiryOf(rt) <= clock.GetUtcNow(),
        };
    }
}
