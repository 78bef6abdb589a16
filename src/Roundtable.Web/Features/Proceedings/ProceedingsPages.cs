using Roundtable.Web.Features.Attribution;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Proceedings;

public sealed class ProceedingsIndexPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<(GetProceedings.Listed Presentation, ProceedingsRight Right)> Rows { get; init; } = [];
}

public sealed class ProceedingsPreviewPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<GetProceedings.Presentation> Presentations { get; init; } = [];
}

public sealed class WorkspacePage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public required GetProceedings.Presentation Presentation { get; init; }
    /// <summary>
    /// Who the speaker pickers list: everyone who may be chosen, or only the speakers this page shows when
    /// <see cref="ShortLists"/> (names for the pickers; the labels are the presentation's).
    /// </summary>
    public IReadOnlyList<ListSpeakers.Choice> Speakers { get; init; } = [];
    public ProceedingsRight Right { get; init; }

    /// <summary>Other presentations of the roundtable this user may edit: where a statement can be moved.</summary>
    public IReadOnlyList<Agenda.ListPresentations.Row> MoveTargets { get; init; } = [];

    /// <summary>
    /// Many speakers (more than <see cref="AllOptionsUpTo"/>): each speaker list holds only what is chosen, and the
    /// page's script reads everyone (<c>GET …/proceedings/speakers</c>) when a list is first about to open; each
    /// statement's move list is filled from the new-statement template. With 2,000 participants the full lists on 100
    /// statements made a 17 MB page, and one full list in the template was still half the page's time.
    /// </summary>
    public bool ShortLists { get; init; }

    public const int AllOptionsUpTo = 100;

    public string Api => $"/api/roundtables/{Roundtable.Id}/presentations/{Presentation.Id}/proceedings";
    public string Url => $"/roundtables/{Roundtable.Id}/proceedings/{Presentation.Id}";

    private Dictionary<long, ListSpeakers.Choice>? byParticipation;

    /// <summary>A speaker by participation (looked up per statement; a roundtable may have thousands).</summary>
    public ListSpeakers.Choice? Speaker(long? participationId) =>
        participationId is { } id && (byParticipation ??= Speakers.ToDictionary(s => s.ParticipationId)).TryGetValue(id, out var row) ? row : null;

    public string SpeakerName(long? participationId) => Speaker(participationId)?.FullName ?? "Unidentified";

    /// <summary>Who really spoke a statement, for the internal views: a name, the unrecorded presenter, or an unidentified voice (and which).</summary>
    public string SpeakerName(GetProceedings.Statement s)
    {
        if (s.SpeakerParticipationId is not null)
        {
            return SpeakerName(s.SpeakerParticipationId);
        }
        if (s.ByPresenter)
        {
            return "The presenter (not recorded)";
        }
        var same = s.SameVoiceAs is { } id ? Number(id) : null;
        return same is null ? "Unidentified" : $"Unidentified, same voice as statement {same}";
    }

    /// <summary>A statement's number in the discussion as the rapporteur sees it (1 = the first); null when it is not there.</summary>
    public int? Number(long statementId)
    {
        for (var i = 0; i < Presentation.Statements.Count; i++)
        {
            if (Presentation.Statements[i].Id == statementId)
            {
                return i + 1;
            }
        }
        return null;
    }
}

public sealed class PasteReviewPage
{
    public required WorkspacePage Workspace { get; init; }
    public string Notes { get; init; } = "";
    public IReadOnlyList<PasteRow> Rows { get; init; } = [];
}

/// <summary>One proposed statement on the paste review form.</summary>
public sealed class PasteRow
{
    public bool Include { get; set; }

    /// <summary>A participation id, "?" for unidentified, "presenter" for the presenter when not recorded, or "" when not chosen yet.</summary>
    public string Speaker { get; set; } = "";

    /// <summary>For an unidentified voice: the same voice as this earlier row of the notes (1 = the first).</summary>
    public int? SameAs { get; set; }

    public bool Audience { get; set; }
    public string Kind { get; set; } = StatementKinds.Remark;
    public string Text { get; set; } = "";
    public string WrittenAs { get; set; } = "";
    public string Match { get; set; } = "";
}

public sealed class HistoryPage
{
    public required WorkspacePage Workspace { get; init; }
    public IReadOnlyList<ListHistory.Entry> Revisions { get; init; } = [];
    public IReadOnlyList<ListHistory.Event> Events { get; init; } = [];
}

public sealed class RevisionPage
{
    public required WorkspacePage Workspace { get; init; }
    public required ListHistory.Entry Revision { get; init; }
    public ListHistory.Entry? Previous { get; init; }

    /// <summary>The item's current revision number (for a restore on top of it); null when it is no longer in this presentation.</summary>
    public long? CurrentRevision { get; init; }
    public string CurrentText { get; init; } = "";
}

public sealed class ReviewPage
{
    public required WorkspacePage Workspace { get; init; }
    public IReadOnlyList<CheckLeaks.Finding> Findings { get; init; } = [];
    public IReadOnlyList<ListHistory.Event> Events { get; init; } = [];
    public int OpenLeaks => Findings.Count(f => !f.Overridden);
}
