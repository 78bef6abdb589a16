using System.ComponentModel.DataAnnotations;

namespace Roundtable.Web.Features.FollowUp;

/// <summary>The "Publish and mail" form: which edition, who receives the report, the follow-up, and when.</summary>
public sealed class MailOutForm
{
    public const string NewEdition = "new";

    /// <summary>The draft being edited, if any.</summary>
    public long? RunId { get; set; }

    /// <summary>"new" to assemble an edition when the run starts, or an edition id.</summary>
    public string Edition { get; set; } = NewEdition;

    [StringLength(500), Display(Name = "Reason to publish despite warnings")]
    public string? OverrideReason { get; set; }

    public bool InviteFollowUp { get; set; } = true;

    /// <summary>Every participation shown with a checkbox (so an unticked box means "not this person").</summary>
    public List<long> Listed { get; set; } = [];

    /// <summary>The ticked ones.</summary>
    public List<long> Include { get; set; } = [];

    /// <summary>For "Schedule": when the job starts, in the roundtable's time zone.</summary>
    [Display(Name = "Run at")]
    public DateTime? RunAt { get; set; }

    /// <summary>"start", "schedule" or "save".</summary>
    public string Action { get; set; } = "start";

    public long? ChosenEditionId => long.TryParse(Edition, out var id) ? id : null;
}
