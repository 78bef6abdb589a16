using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.People;
using Roundtable.Web.Features.Reconvene;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Demo;

/// <summary>
/// What the demo roundtable's rapporteurs recommended: it is reconvened (through "Reconvene", the organizer's own use
/// case) three months after the first start, with everyone who attended plus three new kinds of participant, and its
/// open questions as the draft agenda. A draft mail-out waits with the follow-up's invitations ticked; it names no
/// edition and gives no reason to publish despite warnings: the new user assembles an edition, reads it, and types
/// their own reason, as they would for a real report.
/// </summary>
public sealed class SeedDemoFollowUp(
    CreatePerson createPerson, ReconveneRoundtable reconvene, ListParticipants participants, ListOpenQuestions questions,
    PlanMailOut plan, TimeProvider clock)
{
    public const string Title = "The High North Reconvened: Incidents, Communities and Shipping";

    private static readonly PersonForm[] NewPeople =
    [
        new() { Honorific = "Capt.", FullName = "Ragnhild Berg", Position = "Head of Ice Navigation", Affiliation = "Northern Shipowners' Association",
            Email = "r.berg@northern-shipowners.example.org", Biography = "Captain Ragnhild Berg sailed the northern sea routes for twenty years before leading her association's work on ice navigation." },
        new() { FullName = "Nils Aslak Sara", NameInPrint = "Nils Sara", Position = "Council Member", Affiliation = "Coastal Communities Council",
            Email = "nils.sara@coastal-council.example.org", Biography = "Nils Sara represents fishing and herding communities of the northern coast." },
        new() { Honorific = "Cmdr.", FullName = "Elena Varga", Position = "Incident Prevention Officer", Affiliation = "Allied Maritime Command",
            Email = "e.varga@maritime-command.example.org", Biography = "Commander Elena Varga works on incident-prevention arrangements at sea and in the air." },
    ];

    public async Task HandleAsync(long roundtableId, long organizerUserId, CancellationToken ct)
    {
        var added = new List<long>();
        foreach (var p in NewPeople)
        {
            var created = await createPerson.HandleAsync(p, ct);
            added.Add(created.Ok ? created.Value : throw new InvalidOperationException("Demo person is invalid: " + created.Errors[0].Message));
        }
        var people = await participants.HandleAsync(roundtableId, null, ct);
        var result = await reconvene.HandleAsync(roundtableId, new ReconveneForm
        {
            Details = new RoundtableForm
            {
                Title = Title,
                Subtitle = "A follow-up to “Cooperation and Competition in the High North”",
                StartDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(90),
                StartTime = new TimeOnly(9, 0),
                EndTime = new TimeOnly(17, 0),
                TimeZone = "America/New_York",
                Venue = "Harbor Conference Center, Portland, Maine",
                HostOrganization = "Meridian Institute for Strategic Studies",
                SponsoringProgram = "Program on Northern Security",
                Purpose = "To take up the questions the first roundtable left open, with representatives of coastal communities, the shipping industry and officers responsible for incident prevention.",
            },
            CarryOver = people.Where(ReconveneController.CarriesOverByDefault).Select(p => p.Id).ToList(),
            AddPeople = added,
            Questions = (await questions.HandleAsync(roundtableId, ct)).Select(q => q.Id).ToList(),
        }, organizerUserId, ct);
        if (!result.Ok)
        {
            throw new InvalidOperationException("Demo follow-up is invalid: " + string.Join("; ", result.Errors.Select(e => e.Message)));
        }
        var draft = await plan.HandleAsync(roundtableId, new MailOutForm { Action = "save", InviteFollowUp = true }, organizerUserId, ct);
        if (!draft.Ok)
        {
            throw new InvalidOperationException("Demo mail-out draft is invalid: " + string.Join("; ", draft.Errors.Select(e => e.Message)));
        }
    }
}
