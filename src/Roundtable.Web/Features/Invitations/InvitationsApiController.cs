using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

/// <summary>A participant as an invitee: the invitation's state and their own answer and comment.</summary>
public sealed class InviteeAnswer
{
    public long ParticipationId { get; init; }
    public long PersonId { get; init; }
    public string FullName { get; init; } = "";
    public string? Email { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string InvitationStatus { get; init; } = "";

    /// <summary>The invitation mail's delivery: "sent", "queued", "failed", ...; null when none was mailed.</summary>
    public string? InvitationMail { get; init; }
    public string? Answer { get; init; }
    public string? Comment { get; init; }
    public DateTime? AnsweredAt { get; init; }

    public static InviteeAnswer From(Invitee i) => new()
    {
        ParticipationId = i.ParticipationId, PersonId = i.PersonId, FullName = i.FullName, Email = i.Email, Roles = i.Roles,
        InvitationStatus = i.InvitationStatus, InvitationMail = i.InvitationMail, Answer = i.Answer, Comment = i.Comment, AnsweredAt = i.AnsweredAt,
    };
}

public sealed class SendInvitationsForm
{
    /// <summary>The participations to invite (ids from this roundtable's participants).</summary>
    public List<long> ParticipationIds { get; set; } = [];

    /// <summary>Optional: the same key sent again finds the first mailing and mails nobody twice.</summary>
    public Guid? IdempotencyKey { get; set; }
}

[ApiController, Route("api/roundtables/{roundtableId:long}/invitations"), IgnoreAntiforgeryToken, Authorize(Policy = Policies.Organizer)]
public sealed class InvitationsApiController(ListInvitees invitees, SendInvitations send) : ControllerBase
{
    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IEnumerable<InviteeAnswer>> Index(long roundtableId, CancellationToken ct) =>
        (await invitees.HandleAsync(roundtableId, ct)).Select(InviteeAnswer.From);

    /// <summary>
    /// Mails an invitation (RSVP links, calendar entry) to each chosen participant: 201 with the mailing, whose progress
    /// is at <c>/api/roundtables/{id}/mailings/{mailingId}</c>. Ids that are not this roundtable's are refused, and nothing is sent.
    /// </summary>
    [HttpPost(""), Consumes("application/json"), RequireRoundtable(Access.Manage)]
    [ProducesResponseType<InvitationsSent>(StatusCodes.Status201Created), ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Send(long roundtableId, SendInvitationsForm form, CancellationToken ct)
    {
        var known = (await invitees.HandleAsync(roundtableId, ct)).Select(i => i.ParticipationId).ToHashSet();
        var strangers = form.ParticipationIds.Where(id => !known.Contains(id)).Distinct().ToList();
        if (strangers.Count > 0)
        {
            ModelState.AddModelError(nameof(form.ParticipationIds), $"Not participants of this roundtable: {string.Join(", ", strangers)}. Nothing was sent.");
            return ValidationProblem(ModelState);
        }
        var key = form.IdempotencyKey is { } k ? $"invitations:{roundtableId}:{k:N}" : null;
        var result = await send.HandleAsync(roundtableId, form.ParticipationIds.Distinct().ToList(), update: false, User.Id(), ct, key);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return ValidationProblem(ModelState);
        }
        return Created($"/api/roundtables/{roundtableId}/mailings/{result.Value!.MailingId}", result.Value);
    }
}
