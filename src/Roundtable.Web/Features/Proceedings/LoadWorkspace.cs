using Roundtable.Web.Features.Attribution;
using System.Security.Claims;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>Everything the rapporteur's pages show about one presentation, for a user already given <paramref name="right"/>.</summary>
public sealed class LoadWorkspace(GetRoundtable roundtables, GetProceedings proceedings, ListSpeakers speakers)
{
    public async Task<WorkspacePage> HandleAsync(ClaimsPrincipal user, long roundtableId, long presentationId, ProceedingsRight right, CancellationToken ct)
    {
        // This presentation's proceedings only (the others' texts are not read; see GetProceedings.OneAsync).
        var one = (await proceedings.OneAsync(roundtableId, presentationId, ct, everySpeaker: false))!;
        var personId = user.PersonId();
        return new WorkspacePage
        {
            Roundtable = (await roundtables.HandleAsync(roundtableId, ct))!,
            Presentation = one.Presentation,
            Speakers = await speakers.ChoicesAsync(roundtableId, ct),
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
