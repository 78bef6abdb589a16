namespace Roundtable.Web.Features.MailOut;

/// <summary>A mail-out as the API answers it.</summary>
public sealed record MailOutRunDto(
    long Id, string Status, string State, string Step, string Headline, int? EditionNumber, string? Problem, DateTime? RunAt,
    DateTime CreatedAt, DateTime? FinishedAt, long? FollowUpRoundtableId, bool MailingsFinished, int Steps,
    MailOutMailingDto? Report, MailOutMailingDto? Invitations)
{
    public static MailOutRunDto From(RunProgress p) => new(
        p.Run.Id, p.Run.Status, p.State, p.Run.Step, p.Headline, p.EditionNumber, p.Run.Problem, p.Run.RunAt, p.Run.CreatedAt, p.Run.FinishedAt,
        p.Run.FollowUpRoundtableId, p.MailingsFinished, p.Steps.Count, MailOutMailingDto.From(p.Report), MailOutMailingDto.From(p.Invitations));
}

public sealed record MailOutFailureDto(string Reason, long Count);

public sealed record MailOutMailingDto(
    long Id, int Total, int Queued, int Sending, int Sent, int Retrying, int Failed, int Cancelled, int Skipped, int Done, bool Finished,
    string State, double Rate, IReadOnlyList<MailOutFailureDto> Failures)
{
    public static MailOutMailingDto? From(RunProgress.Mailing? m) => m is null ? null : new(
        m.Progress.Id, m.Progress.Total, m.Progress.Queued, m.Progress.Sending, m.Progress.Sent, m.Progress.Retrying, m.Progress.Failed,
        m.Progress.Cancelled, m.Progress.Skipped, m.Progress.Done, m.Progress.Finished, m.Progress.State, m.Progress.Rate,
        m.Failures.Select(f => new MailOutFailureDto(f.Reason, f.Count)).ToList());
}
