using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reconvene;

public sealed class ReconvenePage
{
    public GetRoundtable.Row Parent { get; init; } = new();
    public ReconveneForm Form { get; init; } = new();
    public IReadOnlyList<ListParticipants.Row> Participants { get; init; } = [];
    public IReadOnlyList<ListAddablePeople.Row> Addable { get; init; } = [];
    public IReadOnlyList<ListOpenQuestions.Row> Questions { get; init; } = [];
    public IReadOnlyList<FollowUpLinks.Row> Existing { get; init; } = [];
}

[Route("roundtables/{roundtableId:long}/reconvene"), Authorize(Policy = Policies.Organizer)]
public sealed class ReconveneController(
    GetRoundtable getRoundtable, ListParticipants participants, ListAddablePeople addable, ListOpenQuestions questions,
    FollowUpLinks links, ReconveneRoundtable reconvene, People.PeopleScope people) : Controller
{
    private const string ViewPath = "Reconvene";

    public const string NoDate = "A follow-up roundtable needs a date: its invitations carry it in the calendar entry, and the RSVP links expire after it.";

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct)
    {
        var parent = (await getRoundtable.HandleAsync(roundtableId, ct))!;
        var people = await participants.HandleAsync(roundtableId, null, ct);
        var open = await questions.HandleAsync(roundtableId, ct);
        var form = new ReconveneForm
        {
            Details = Defaults(parent),
            CarryOver = people.Where(CarriesOverByDefault).Select(p => p.Id).ToList(),
            Questions = open.Select(q => q.Id).ToList(),
        };
        return View(ViewPath, await PageAsync(parent, form, ct));
    }

    [HttpPost(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Create(long roundtableId, [Bind(Prefix = "Form")] ReconveneForm form, CancellationToken ct)
    {
        if (form.Details.StartDate is null)
        {
            // The generic "The date is required." says less than why a follow-up cannot go without one.
            ModelState.Remove("Form.Details.StartDate");
            ModelState.AddModelError("Form.Details.StartDate", NoDate);
        }
        foreach (var personId in form.AddPeople.Distinct())
        {
            if (await people.HandleAsync(User, personId, ct) is null or People.PersonRight.None)
            {
                ModelState.AddModelError("Form.AddPeople", "Choose people from the list.");
                break;
            }
        }
        var typed = NewInviteeLines.Parse(form.NewPeople, nameof(ReconveneForm.NewPeople)).People.Where(p => p.Email is not null).Select(p => p.Email!);
        foreach (var email in await people.HiddenAsync(User, typed, ct))
        {
            ModelState.AddModelError("Form.NewPeople", $"{email} is in the directory for a roundtable you do not organize; ask an administrator to add them.");
        }
        if (ModelState.IsValid)
        {
            var result = await reconvene.HandleAsync(roundtableId, form, User.Id(), ct);
            if (result.Ok)
            {
                var r = result.Value!;
                TempData["Flash"] = $"Follow-up created: {Count(r.CarriedOver, "person", "people")} carried over, {Count(r.Added, "person", "people")} added, " +
                    $"{Count(r.AgendaItems, "agenda item", "agenda items")} from the open questions. Its invitations go out with the first roundtable's mail-out, or from its Invitations tab.";
                return Redirect($"/roundtables/{r.RoundtableId}");
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = e.Field.Length == 0 ? "" : "Form." + e.Field }));
        }
        return View(ViewPath, await PageAsync((await getRoundtable.HandleAsync(roundtableId, ct))!, form, ct));
    }

    /// <summary>Everyone who attended, minus anyone who declined.</summary>
    public static bool CarriesOverByDefault(ListParticipants.Row p) => p.Attended && p.InvitationStatus != "declined";

    private static RoundtableForm Defaults(GetRoundtable.Row parent) => new()
    {
        Title = Shorten(parent.Title + ": Follow-up Roundtable"),
        Subtitle = parent.Subtitle,
        StartTime = TimeOnly.ParseExact(parent.StartTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        EndTime = TimeOnly.ParseExact(parent.EndTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = parent.TimeZone,
        Venue = parent.Venue,
        HostOrganization = parent.HostOrganization,
        SponsoringProgram = parent.SponsoringProgram,
        Purpose = $"To reconvene the roundtable of {parent.DateText}, reconstituted with new participants, and take up the questions it left open.",
    };

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300];

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private async Task<ReconvenePage> PageAsync(GetRoundtable.Row parent, ReconveneForm form, CancellationToken ct) => new()
    {
        Parent = parent,
        Form = form,
        Participants = await participants.HandleAsync(parent.Id, null, ct),
        Addable = await addable.HandleAsync(User, parent.Id, ct),
        Questions = await questions.HandleAsync(parent.Id, ct),
        Existing = (await links.HandleAsync(parent.Id, ct)).FollowUps,
    };
}
