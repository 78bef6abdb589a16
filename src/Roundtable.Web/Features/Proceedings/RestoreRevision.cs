namespace Roundtable.Web.Features.Proceedings;

/// <summary>
/// Brings back an earlier revision (or a refused save) of a summary or statement as a new revision on top of the
/// current one. Like any save, it must be based on the current revision, so it never overwrites a newer change unseen.
/// </summary>
public sealed class RestoreRevision(Db db, ListHistory history, SaveSummary saveSummary, UpdateStatement updateStatement, RestoreStatement restoreStatement)
{
    /// <param name="currentRevision">The revision of the summary or statement the user saw when they chose to restore.</param>
    public async Task<WriteResult<long>> HandleAsync(long presentationId, long revisionId, long currentRevision, long userId, CancellationToken ct)
    {
        var found = await history.OneAsync(presentationId, revisionId, ct);
        if (found is null)
        {
            return WriteResult<long>.NotFound();
        }
        var old = found.Value.This;
        if (old.StatementId is null)
        {
            return await saveSummary.SaveAsync(presentationId, new SummaryForm { Text = old.Text, Revision = currentRevision }, userId, "reverted", ct);
        }
        StatementRecord? statement;
        await using (var conn = await db.OpenAsync(ct))
        {
            statement = await StatementRecord.LoadAsync(conn, null, presentationId, old.StatementId.Value, ct);
        }
        if (statement is null)
        {
            return WriteResult<long>.Invalid("Revision", "This statement has since moved to another presentation; restore it from that presentation's history.");
        }
        if (statement.Revision != currentRevision)
        {
            return WriteResult<long>.Stale(statement);
        }
        var revision = statement.Revision;
        if (statement.Deleted)
        {
            var restored = await restoreStatement.HandleAsync(presentationId, statement.Id, userId, ct);
            if (!restored.Ok)
            {
                return restored.As<long>();
            }
            revision = restored.Value!.Revision;
        }
        var form = new StatementForm
        {
            SpeakerId = old.SpeakerParticipationId, Audience = old.Audience, Kind = old.Kind ?? statement.Kind, Text = old.Text, Revision = revision,
            // Revisions keep the words and the speaker; how the label prints stays as it is now, where it still fits.
            Presenter = old.SpeakerParticipationId is null && statement.ByPresenter,
            SameVoiceAs = old.SpeakerParticipationId is null && !statement.ByPresenter ? statement.SameVoiceAs : null,
            LabelForm = old.SpeakerParticipationId == statement.SpeakerId ? statement.LabelForm : null,
        };
        var saved = await updateStatement.SaveAsync(presentationId, statement.Id, form, userId, "reverted", ct);
        return saved.Ok ? WriteResult<long>.Saved(saved.Value!.Revision) : saved.As<long>();
    }
}
