namespace Roundtable.Web.Features.Proceedings;

public static class StatementKinds
{
    public const string Question = "question";
    public const string Remark = "remark";
    public const string Reply = "reply";

    public static readonly IReadOnlyList<string> All = [Question, Remark, Reply];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    private static readonly string[] QuestionVerbs = ["asked", "wondered", "questioned", "inquired", "enquired", "queried", "wanted to know"];
    private static readonly string[] ReplyVerbs = ["replied", "responded", "answered", "countered", "in reply", "in response"];

    /// <summary>A first guess from how the text opens ("asked whether …" is a question, "replied that …" a reply).</summary>
    public static string Infer(string text)
    {
        var t = text.TrimStart().ToLowerInvariant();
        if (QuestionVerbs.Any(v => t.StartsWith(v, StringComparison.Ordinal)))
        {
            return Question;
        }
        if (ReplyVerbs.Any(v => t.StartsWith(v, StringComparison.Ordinal)))
        {
            return Reply;
        }
        return t.TrimEnd().EndsWith('?') ? Question : Remark;
    }
}

/// <summary>A statement as written by a rapporteur (or a script). Revision is the one the writer started from.</summary>
public sealed class StatementForm
{
    /// <summary>The speaker's participation id in this roundtable; null for "unidentified".</summary>
    public long? SpeakerId { get; set; }

    public bool Audience { get; set; }

    /// <summary>Spoken by the presenter, who is not recorded (leave the speaker empty).</summary>
    public bool Presenter { get; set; }

    /// <summary>For an unidentified speaker: the id of an earlier statement of this discussion spoken by the same voice.</summary>
    public long? SameVoiceAs { get; set; }

    /// <summary>The same, by the number the statement has in the discussion (1 = the first), as typed in live capture or notes.</summary>
    [Range(1, 100_000, ErrorMessage = "“Same voice as” takes the number of an earlier statement (1 or more).")]
    public int? SameVoiceAsNumber { get; set; }

    /// <summary>The label form chosen for this statement: derived (default), name, first-mention, short, participant, audience-member, presenter.</summary>
    [StringLength(20)]
    public string? LabelForm { get; set; }

    [Required(ErrorMessage = "Choose the kind: question, remark or reply.")]
    public string Kind { get; set; } = StatementKinds.Remark;

    [Required(ErrorMessage = "A statement needs some text."), StringLength(20_000, ErrorMessage = "A statement can be at most 20,000 characters.")]
    public string Text { get; set; } = "";

    /// <summary>Required when changing a statement: the revision this edit was based on.</summary>
    public long? Revision { get; set; }

    /// <summary>A key the browser makes for a new statement, so sending it twice (after a lost answer) saves it once.</summary>
    [StringLength(100)]
    public string? ClientKey { get; set; }

    /// <summary>For a new statement: insert after this statement (default: at the end).</summary>
    public long? After { get; set; }
}

public sealed class SummaryForm
{
    [StringLength(100_000, ErrorMessage = "The summary can be at most 100,000 characters.")]
    public string Text { get; set; } = "";

    [Required(ErrorMessage = "Send the revision the summary was based on.")]
    public long? Revision { get; set; }
}

/// <summary>The revision a change was based on (delete, restore, merge, move).</summary>
public sealed class RevisionForm
{
    [Required(ErrorMessage = "Send the revision the change was based on.")]
    public long? Revision { get; set; }

    /// <summary>Merge: the revision of the statement being merged in. Move: unused.</summary>
    public long? OtherRevision { get; set; }

    /// <summary>Move: the presentation the statement goes to.</summary>
    public long? PresentationId { get; set; }
}

public sealed class SplitForm
{
    [Required(ErrorMessage = "Send the revision the split was based on.")]
    public long? Revision { get; set; }

    /// <summary>Where to cut the text (a character offset); the first part stays, the rest becomes a new statement.</summary>
    [Range(1, 20_000, ErrorMessage = "Put the cursor inside the text where it should be split.")]
    public int At { get; set; }
}

public sealed class StatementOrder
{
    public List<long> Ids { get; set; } = [];
}

public sealed class StatusForm
{
    /// <summary>"draft" or "edited"; approval has its own action.</summary>
    [Required]
    public string Status { get; set; } = "";
}
