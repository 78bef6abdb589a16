using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Invitations;

public sealed class RsvpPage
{
    public string Token { get; init; } = "";
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public Invitee Invitee { get; init; } = new();
    public string? Answer { get; init; }
    public string Comment { get; init; } = "";
    public bool JustAnswered { get; init; }
}

/// <summary>
/// The invitee's page, reached from the signed link in the mail without an account. Opening the link changes
/// nothing (mail scanners open links); the answer is recorded when the invitee confirms it.
/// </summary>
// The pages carry a personal token and the invitee's answer: never stored by a browser or a proxy.
[AllowAnonymous, Route("rsvp"), ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class RsvpController(RsvpTokens tokens, ListInvitees invitees, GetRoundtable getRoundtable, AnswerRsvp answerRsvp) : Controller
{
    [HttpGet("{token}")]
    public async Task<IActionResult> Show(string token, string? answer, CancellationToken ct)
    {
        var (invitee, rt) = await FindAsync(token, ct);
        if (invitee is null || rt is null)
        {
            return Invalid();
        }
        return View("Rsvp", new RsvpPage
        {
            Token = token, Roundtable = rt, Invitee = invitee,
            Answer = RsvpAnswers.IsKnown(answer) ? answer : invitee.Answer,
            Comment = invitee.Comment ?? "",
            JustAnswered = TempData["Answered"] is true,
        });
    }

    [HttpPost("{token}")]
    public async Task<IActionResult> Answer(string token, [FromForm] string? answer, [FromForm] string? comment, CancellationToken ct)
    {
        var (invitee, rt) = await FindAsync(token, ct);
        if (invitee is null || rt is null)
        {
            return Invalid();
        }
        var result = await answerRsvp.HandleAsync(invitee.ParticipationId, answer, comment, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View("Rsvp", new RsvpPage { Token = token, Roundtable = rt, Invitee = invitee, Answer = answer, Comment = comment ?? "" });
        }
        TempData["Answered"] = true;
        return RedirectToAction(nameof(Show), new { token });
    }

    private async Task<(Invitee?, GetRoundtable.Row?)> FindAsync(string token, CancellationToken ct)
    {
        if (tokens.Read(token) is not { } participationId || await invitees.OneAsync(participationId, ct) is not { } invitee)
        {
            return (null, null);
        }
        return (invitee, await getRoundtable.HandleAsync(invitee.RoundtableId, ct));
    }

    private ViewResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("RsvpInvalid");
    }
}
