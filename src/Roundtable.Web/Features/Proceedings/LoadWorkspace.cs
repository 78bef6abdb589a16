using Roundtable.Web.Features.Attribution;
using System.Security.Claims;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>Everything the rapporteur's pages show about one presentation, for a user already given <paramref name="right"/>.</summary>
public sealed class LoadWorkspace(GetRoundtable roundtables, GetProceedings proceedings, ListSpeakers speakers)
{
    /// <param name="everyChoice">Every participant in the pickers however many there are (the pasted notes' review form, which has no script).</param>
    public async Task<WorkspacePage> HandleAsync(ClaimsPrincipal user, long roundtableId, long presentationId, ProceedingsRight right, CancellationToken ct,
        bool everyChoice = false)
    {
        // This presentation's proceedings only (the others' texts are not read; see GetProceedings.OneAsync).
        var one = (await proceedings.OneAsync(roundtableId, presentationId, ct, everySpeaker: false))!;
        var personId = user.PersonId();
        // The pickers list everyone on a small roundtable; on a large one only the speakers this page shows (its
        // statements', deleted ones' and the presenters), and the script reads the rest when a picker opens.
        var shown = one.Presentation.Statements.Concat(one.Presentation.Deleted)
            .Select(s => s.SpeakerParticipationId).OfType<long>()
            .Concat(one.Presentation.Agenda.Presenters.Select(p => p.ParticipationId));
        var (choices, everyone) = await speakers.PickerAsync(roundtableId, presentationId, everyChoice ? int.MaxValue : WorkspacePage.AllOptionsUpTo, shown, ct);
        return new WorkspacePage
        {
            Roundtable = (await roundtables.HandleAsync(roundtableId, ct))!,
            Presentation = one.Presentation,
            Speakers = choices,
            ShortLists = !everyone,
            Right = right,
            MoveTargets = one.Agenda
                .Where(p => p.Agenda.Id != presentationId && p.Status != ProceedingStatus.Approved
                    && (right == ProceedingsRight.Manage || p.Agenda.Rapporteurs.Any(r => r.PersonId == personId)))
                .Select(p => p.Agenda)
                .ToList(),
        };
    }

    /// <summary>What the user may do with each presentation of a roundtable they may read.</summary>
    public static ProceedingsRight RightFor(ClaimsPrincipal user, Access access, GetProceedings.Presentation p) => RightFor(user, access, p.Agenda);

    public static ProceedingsRight RightFor(ClaimsPrincipal user, Access access, Agenda.ListPresentations.Row p) =>
        access == Access.Manage ? ProceedingsRight.Manage
        : user.PersonId() is { } personId && p.Rapporteurs.Any(r => r.PersonId == personId) ? ProceedingsRight.Edit
        : ProceedingsRight.Read;
}
