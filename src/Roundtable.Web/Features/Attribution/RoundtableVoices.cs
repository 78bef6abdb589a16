using Roundtable.Web.Features.Agenda;

namespace Roundtable.Web.Features.Attribution;

/// <summary>
/// How a stored statement becomes a <see cref="Speech"/> for the renderer: the one mapping from a roundtable's speakers
/// and agenda to who spoke, used by the editor's views, the leak check and the report.
/// </summary>
public sealed class RoundtableVoices
{
    private readonly Dictionary<long, Voice> byParticipation;

    public RoundtableVoices(IEnumerable<ListSpeakers.Row> speakers) =>
        byParticipation = speakers.ToDictionary(s => s.ParticipationId, s => s.ToVoice());

    public Voice? Find(long? participationId) => participationId is { } id ? byParticipation.GetValueOrDefault(id) : null;

    /// <summary>The presentation's recorded presenters, in agenda order.</summary>
    public IReadOnlyList<Voice> Presenters(ListPresentations.Row presentation) =>
        presentation.Presenters.Select(p => Find(p.ParticipationId)).OfType<Voice>().ToList();

    public Speech Speech(ListPresentations.Row presentation, long statementId, long? speakerId, bool audience, bool byPresenter, long? sameVoiceAs, string? labelForm)
    {
        var speaker = Find(speakerId);
        return new Speech(statementId, speaker, audience)
        {
            IsPresenter = speaker is not null && presentation.Presenters.Any(p => p.ParticipationId == speaker.ParticipationId),
            ByPresenter = speaker is null && byPresenter,
            SameVoiceAs = speaker is null ? sameVoiceAs : null,
            Form = string.IsNullOrEmpty(labelForm) ? LabelForms.Derived : labelForm,
        };
    }
}
