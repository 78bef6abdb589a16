namespace Roundtable.Web.Features.Attribution;

/// <summary>
/// A person who may speak in a discussion, with every form of their name the proceedings may print.
/// </summary>
/// <param name="ParticipationId">Their participation in this roundtable.</param>
/// <param name="PersonId">The person (first mentions are counted per person across the whole appendix).</param>
/// <param name="NameInPrint">The name as printed ("Tom Reyes").</param>
/// <param name="MayBeNamed">Their attribution consent for this roundtable.</param>
public sealed record Voice(long ParticipationId, long PersonId, string NameInPrint, bool MayBeNamed)
{
    /// <summary>Printed at the person's first mention in the proceedings ("John Paul Anders"); empty: the name in print.</summary>
    public string FirstMention { get; init; } = "";

    /// <summary>What a rapporteur may choose for a statement that continues an exchange ("Reyes").</summary>
    public string ShortForm { get; init; } = "";

    /// <summary>Follows the name on their first audience statement of a discussion ("of the Arms Control Institute").</summary>
    public string AudiencePhrase { get; init; } = "";
}

/// <summary>One statement, as far as its published label needs to know.</summary>
/// <param name="Id">The statement's id (what "same voice as" points at).</param>
/// <param name="Speaker">The real speaker; null when unidentified (or the presenter is not recorded).</param>
/// <param name="Audience">Spoken from the audience.</param>
public sealed record Speech(long Id, Voice? Speaker, bool Audience)
{
    /// <summary>The recorded speaker presents the presentation this discussion follows.</summary>
    public bool IsPresenter { get; init; }

    /// <summary>Spoken by the presenter, who is not recorded.</summary>
    public bool ByPresenter { get; init; }

    /// <summary>For an unidentified voice: the earlier statement of this discussion spoken by the same voice.</summary>
    public long? SameVoiceAs { get; init; }

    /// <summary>The label form the rapporteur chose (<see cref="LabelForms"/>).</summary>
    public string Form { get; init; } = LabelForms.Derived;

    public bool Presenting => IsPresenter || (Speaker is null && ByPresenter);

    /// <summary>Whether this statement may print its speaker's name, in a presentation that does or does not name its presenter.</summary>
    public bool Nameable(bool presenterNamed) => Speaker is { MayBeNamed: true } && (!IsPresenter || presenterNamed);
}

/// <summary>The label forms a rapporteur can choose for one statement. The default is derived by the house rules.</summary>
public static class LabelForms
{
    public const string Derived = "derived";
    public const string Name = "name";
    public const string FirstMention = "first-mention";
    public const string Short = "short";
    public const string Participant = "participant";
    public const string AudienceMember = "audience-member";
    public const string Presenter = "presenter";

    public static readonly IReadOnlyList<string> All = [Derived, Name, FirstMention, Short, Participant, AudienceMember, Presenter];

    /// <summary>How each choice is offered to a rapporteur.</summary>
    public static string Title(string form) => form switch
    {
        Derived => "Derived (the house rules)",
        Name => "Name in print",
        FirstMention => "First-mention form",
        Short => "Short form",
        Participant => "“A participant”",
        AudienceMember => "“A member of the audience”",
        Presenter => "“The presenter”",
        _ => form,
    };

    /// <summary>The forms this statement may print in: never a name for someone who may not be named.</summary>
    public static IReadOnlyList<string> Allowed(Speech s, bool presenterNamed)
    {
        var forms = new List<string> { Derived };
        if (s.Nameable(presenterNamed))
        {
            forms.Add(Name);
            if (s.Speaker!.FirstMention.Length > 0)
            {
                forms.Add(FirstMention);
            }
            if (s.Speaker.ShortForm.Length > 0)
            {
                forms.Add(Short);
            }
        }
        if (!s.Presenting)
        {
            forms.Add(Participant);
        }
        if (s.Audience)
        {
            forms.Add(AudienceMember);
        }
        if (s.Presenting)
        {
            forms.Add(Presenter);
        }
        return forms;
    }

    /// <summary>Why a chosen form cannot print for this statement, in words for the rapporteur; null when it can.</summary>
    public static string? Refusal(Speech s, bool presenterNamed)
    {
        if (!All.Contains(s.Form))
        {
            return $"“{s.Form}” is not a label form; use one of {string.Join(", ", All)}.";
        }
        if (Allowed(s, presenterNamed).Contains(s.Form))
        {
            return null;
        }
        return s.Form switch
        {
            Name or FirstMention or Short when s.Speaker is null => "An unidentified speaker has no name to print: choose the speaker, or an anonymous label.",
            Name or FirstMention or Short when !s.Nameable(presenterNamed) =>
                $"{s.Speaker!.NameInPrint} may not be named in this report{(s.IsPresenter && s.Speaker.MayBeNamed ? " (this presentation does not name its presenter)" : "")}: choose the derived label or an anonymous one.",
            FirstMention => $"{s.Speaker!.NameInPrint} has no first-mention form: add one to their record in People, or choose another form.",
            Short => $"{s.Speaker!.NameInPrint} has an empty short form: set it (or their surname) in People, or choose another form.",
            Participant => "The presenter is printed as “The presenter”, not as a participant.",
            AudienceMember => "“A member of the audience” is only for a statement made from the audience.",
            Presenter => "“The presenter” is only for the presenter of this presentation.",
            _ => $"“{s.Form}” cannot be printed for this statement.",
        };
    }
}

/// <summary>
/// Who has been named so far in one appendix, in agenda order: a person's first mention may print a fuller form.
/// Only named people are counted; nothing about an unnamed voice carries from one discussion to the next.
/// </summary>
public sealed class Mentions
{
    private readonly HashSet<long> people = [];

    /// <returns>True the first time a person is mentioned.</returns>
    public bool Mention(long personId) => people.Add(personId);

    public bool Mentioned(long personId) => people.Contains(personId);
}

/// <summary>
/// The published label of every statement in one presentation's discussion, by the house convention (DOMAIN.md,
/// "Attribution"). Pure: the same discussion always gets the same labels.
/// <list type="bullet">
/// <item>A named speaker prints their name (the first-mention form at their first mention in the appendix); a named
/// audience member gets "(audience)", with their affiliation phrase, on their first audience statement of the discussion.</item>
/// <item>A presenter who may not be named, or is not recorded, is "The presenter"; an unnamed audience member
/// "A member of the audience".</item>
/// <item>Other unnamed voices are labelled by the run of unnamed statements they are in: "A participant" for the first
/// voice of a run, "Another participant" for each new voice of the run, and "The first (second, …) participant"
/// when a voice of the run speaks again. A named statement ends the run; the presenter's and the audience's do not,
/// and are not counted as participants. An unidentified voice is a new voice unless it is marked as the same voice
/// as an earlier statement; an identified one is the same voice whenever the same person speaks.</item>
/// </list>
/// Runs never reach across presentations, so a reader can never link an anonymous voice from one to the next.
/// </summary>
public static class AttributionRenderer
{
    public const string Presenter = "The presenter";
    public const string AudienceMember = "A member of the audience";
    public const string FirstUnnamed = "A participant";
    public const string LaterUnnamed = "Another participant";

    private enum Printed { Named, Presenter, AudienceMember, Participant }

    /// <param name="discussion">The statements in their published order.</param>
    /// <param name="presenterNamed">Whether this presentation names its presenter.</param>
    /// <param name="mentions">Who the appendix has named before this discussion (updated); null: nobody.</param>
    public static IReadOnlyList<string> Labels(IReadOnlyList<Speech> discussion, bool presenterNamed, Mentions? mentions = null)
    {
        mentions ??= new Mentions();
        var labels = new List<string>(discussion.Count);
        var voiceOf = new Dictionary<long, string>(discussion.Count);
        var run = new List<string>();
        var audienceNamed = new HashSet<long>();
        foreach (var s in discussion)
        {
            var voice = VoiceOf(s, voiceOf);
            voiceOf.TryAdd(s.Id, voice);
            var form = LabelForms.Allowed(s, presenterNamed).Contains(s.Form) ? s.Form : LabelForms.Derived;
            switch (PrintedAs(s, form, presenterNamed))
            {
                case Printed.Named:
                    run.Clear();
                    labels.Add(NameOf(s, form, mentions, audienceNamed));
                    break;
                case Printed.Presenter:
                    labels.Add(Presenter);
                    break;
                case Printed.AudienceMember:
                    labels.Add(AudienceMember);
                    break;
                default:
                    labels.Add(ParticipantLabel(voice, run, form == LabelForms.Participant));
                    break;
            }
        }
        return labels;
    }

    private static string VoiceOf(Speech s, Dictionary<long, string> voiceOf)
    {
        if (s.Speaker is { } speaker)
        {
            return "p" + speaker.ParticipationId;
        }
        if (s.ByPresenter)
        {
            return "presenter";
        }
        // Only an earlier statement of this discussion can lend its voice; any other link is ignored, never guessed at.
        return s.SameVoiceAs is { } earlier && voiceOf.TryGetValue(earlier, out var same) ? same : "s" + s.Id;
    }

    private static Printed PrintedAs(Speech s, string form, bool presenterNamed) => form switch
    {
        LabelForms.Name or LabelForms.FirstMention or LabelForms.Short => Printed.Named,
        LabelForms.Participant => Printed.Participant,
        LabelForms.AudienceMember => Printed.AudienceMember,
        LabelForms.Presenter => Printed.Presenter,
        _ when s.Nameable(presenterNamed) => Printed.Named,
        _ when s.Presenting => Printed.Presenter,
        _ when s.Audience => Printed.AudienceMember,
        _ => Printed.Participant,
    };

    private static string NameOf(Speech s, string form, Mentions mentions, HashSet<long> audienceNamed)
    {
        var v = s.Speaker!;
        var first = mentions.Mention(v.PersonId);
        var name = form switch
        {
            LabelForms.Short => v.ShortForm,
            LabelForms.Name => v.NameInPrint,
            LabelForms.FirstMention => v.FirstMention,
            _ => first && v.FirstMention.Length > 0 ? v.FirstMention : v.NameInPrint,
        };
        if (s.Audience && audienceNamed.Add(v.ParticipationId))
        {
            name += (v.AudiencePhrase.Length > 0 ? " " + v.AudiencePhrase : "") + " (audience)";
        }
        return name;
    }

    private static string ParticipantLabel(string voice, List<string> run, bool chosenPlain)
    {
        var place = run.IndexOf(voice);
        if (place < 0)
        {
            run.Add(voice);
        }
        if (chosenPlain)
        {
            return FirstUnnamed;
        }
        if (place >= 0)
        {
            return $"The {Agenda.Ordinals.Word(place + 1).ToLowerInvariant()} participant";
        }
        return run.Count == 1 ? FirstUnnamed : LaterUnnamed;
    }

    /// <summary>
    /// The presenter's name for a summary's <c>{presenter}</c> placeholder: the printed names when the presenter is
    /// named (the first-mention forms the first time the appendix names them), otherwise "The presenter" (lower case
    /// inside a sentence).
    /// </summary>
    public static string PresenterName(IReadOnlyList<Voice> presenters, bool presenterNamed, bool startsSentence, Mentions? mentions = null)
    {
        if (presenterNamed && presenters.Count > 0 && presenters.All(p => p.MayBeNamed))
        {
            var names = presenters.Select(p =>
                (mentions?.Mention(p.PersonId) ?? false) && p.FirstMention.Length > 0 ? p.FirstMention : p.NameInPrint).ToList();
            return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
        }
        return startsSentence ? Presenter : "the presenter";
    }
}
