namespace Roundtable.Web.Features.Proceedings;

/// <summary>The JSON a script or the browser gets back for a statement.</summary>
public sealed record StatementDto(
    long Id, long PresentationId, int Position, long? SpeakerId, bool Audience, string Kind, string Text, long Revision,
    bool Deleted, string UpdatedBy, DateTime UpdatedAt, bool Presenter, long? SameVoiceAs, string LabelForm)
{
    public static StatementDto From(StatementRecord s) =>
        new(s.Id, s.PresentationId, s.Position, s.SpeakerId, s.Audience, s.Kind, s.Text, s.Revision, s.Deleted, s.UpdatedBy, s.UpdatedAt,
            s.ByPresenter, s.SameVoiceAs, s.LabelForm);

    public static StatementDto From(GetProceedings.Statement s) =>
        new(s.Id, s.PresentationId, s.Position, s.SpeakerParticipationId, s.Audience, s.Kind, s.Text, s.Revision, s.DeletedAt is not null, s.UpdatedBy, s.UpdatedAt,
            s.ByPresenter, s.SameVoiceAs, s.LabelForm);
}

/// <summary>
/// One mapping from a write's outcome to HTTP: 400 with field messages, 404, 409 with the newer version to merge
/// with (never a silent overwrite), 423 when approved and locked.
/// </summary>
public static class ApiAnswers
{
    public static ActionResult Answer<T>(this ControllerBase c, WriteResult<T> result, Func<T, ActionResult> ok)
    {
        switch (result.Outcome)
        {
            case WriteOutcome.Saved:
                return ok(result.Value!);
            case WriteOutcome.NotFound:
                return c.NotFound();
            case WriteOutcome.Stale:
                var current = result.Current is StatementRecord s ? StatementDto.From(s) : result.Current;
                return c.Conflict(new
                {
                    title = "Someone saved a newer version",
                    detail = "This change was based on an older revision and was not applied. The newer version is in \"current\"; merge your text with it and save again on top of its revision.",
                    status = StatusCodes.Status409Conflict,
                    current,
                });
            case WriteOutcome.Locked:
                return c.Problem(statusCode: StatusCodes.Status423Locked, title: "Approved and locked", detail: result.Errors[0].Message);
            default:
                c.ModelState.AddErrors(result.Errors);
                return c.ValidationProblem(c.ModelState);
        }
    }
}
