namespace Roundtable.Web.Features.Proceedings;

/// <summary>Who really spoke one statement, as far as the published label needs to know.</summary>
/// <param name="SpeakerId">The speaker's participation id; null when the speaker was not identified.</param>
/// <param name="NameInPrint">The speaker's name as printed (unused when they may not be named).</param>
/// <param name="MayBeNamed">The speaker's attribution consent for this roundtable.</param>
/// <param name="IsPresenter">The speaker presented the presentation this discussion follows.</param>
/// <param name="Audience">The statement was made from the audience.</param>
public sealed record Speech(long? SpeakerId, string NameInPrint, bool MayBeNamed, bool IsPresenter, bool Audience);

/// <summary>
/// The published label of every statement in one presentation's discussion. Pure: the same discussion always gets
/// the same labels, and nothing carries over from one discussion to the next, so an unnamed person cannot be
/// followed across presentations.
/// </summary>
public static class Attribution
{
    public const string Presenter = "The presenter";
    public const string AudienceMember = "A member of the audience";
    public const string FirstUnnamed = "A participant";
    public const string LaterUnnamed = "Another participant";

    /// <param name="discussion">The statements in their published order.</param>
    /// <param name="presenterNamed">Whether this presentation names its presenter.</param>
    public static IReadOnlyList<string> Labels(IReadOnlyList<Speech> discussion, bool presenterNamed)
    {
        var labels = new List<string>(discussion.Count);
        // Unnamed speakers in the order they first spoke in this discussion (1-based place = their ordinal).
        var unnamedOrder = new List<long>();
        var unnamedVoices = 0;
        foreach (var s in discussion)
        {
            labels.Add(LabelOf(s, presenterNamed, unnamedOrder, ref unnamedVoices));
        }
        return labels;
    }

    private static string LabelOf(Speech s, bool presenterNamed, List<long> unnamedOrder, ref int unnamedVoices)
    {
        if (s.IsPresenter && s.SpeakerId is not null && !(presenterNamed && s.MayBeNamed))
        {
            return Presenter;
        }
        if (s.SpeakerId is not null && s.MayBeNamed)
        {
            return s.Audience ? $"{s.NameInPrint} (audience)" : s.NameInPrint;
        }
        if (s.Audience)
        {
            return AudienceMember;
        }
        if (s.SpeakerId is { } id)
        {
            var seen = unnamedOrder.IndexOf(id);
            if (seen >= 0)
            {
                return $"The {Agenda.Ordinals.Word(seen + 1).ToLowerInvariant()} participant";
            }
            unnamedOrder.Add(id);
        }
        // An unidentified speaker may or may not have spoken before; they are always a fresh voice, never "the first".
        return unnamedVoices++ == 0 ? FirstUnnamed : LaterUnnamed;
    }

    /// <summary>
    /// The presenter's name for a summary's <c>{presenter}</c> placeholder: the printed names when the presenter is
    /// named, otherwise "The presenter" (lower case inside a sentence).
    /// </summary>
    public static string PresenterName(IReadOnlyList<string> printedNames, bool presenterNamed, bool startsSentence)
    {
        if (presenterNamed && printedNames.Count > 0)
        {
            return printedNames.Count == 1
                ? printedNames[0]
                : string.Join(", ", printedNames.Take(printedNames.Count - 1)) + " and " + printedNames[^1];
        }
        return startsSentence ? Presenter : "the presenter";
    }
}
