using System.Security.Claims;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>Everything the rapporteur's pages show about one presentation, for a user already given <paramref name="right"/>.</summary>
public sealed class LoadWorkspace(GetRoundtable roundtables, GetProceedings proceedings)
{
    public async Task<WorkspacePage> HandleAsync(ClaimsPrincipal user, long roundtableId, long presentationId, ProceedingsRight right, CancellationToken ct)
    {
        var all = await proceedings.HandleAsync(roundtableId, ct);
        var personId = user.PersonId();
        return new WorkspacePage
        {
            Roundtable = (await roundtables.HandleAsync(roundtableId, ct))!,
            Presentation = all.Presentations.Single(p => p.Id == presentationId),
            Speakers = all.Speakers,
            Right = right,
            MoveTargets = all.Presentations
                .Where(p => p.Id != presentationId && !p.Locked
                    && (right == ProceedingsRight.Manage || p.Agenda.Rapporteurs.Any(r => r.PersonId == personId)))
                .ToList(),
        };
    }

    /// <summary>What the user may do with each presentation of a roundtable they may read.</summary>
    public static ProceedingsRight RightFor(ClaimsPrincipal user, Access access, GetProceedings.Presentation p) =>
        access == Access.Manage ? ProceedingsRight.Manage
        : user.PersonId() is { } personId && p.Agenda.Rapporteurs.Any(r => r.PersonId == personId) ? ProceedingsRight.Edit
        : ProceedingsRight.Read;
}
