namespace Roundtable.Web.Features.MailOut;

/// <summary>The mail-out form: which assembled edition, who receives the report, the follow-up, and when.</summary>
public sealed class MailOutForm
{
    /// <summary>The draft being edited, if any.</summary>
    public long? RunId { get; set; }

    /// <summary>The number of an edition already assembled (and so readable before it goes out).</summary>
    [Display(Name = "Edition")]
    public int? Edition { get; set; }

    /// <summary>
    /// The edition number the organizer confirmed ("Mail edition 2 to 37 recipients"); starting or scheduling needs it to be
    /// the edition chosen, so a mail-out never goes out with an edition nobody named.
    /// </summary>
    [Display(Name = "Confirmation")]
    public int? ConfirmEdition { get; set; }

    [StringLength(500), Display(Name = "Reason to publish despite warnings")]
    public string? OverrideReason { get; set; }

    public bool InviteFollowUp { get; set; } = true;

    /// <summary>Every participation shown with a checkbox (so an unticked box means "not this person").</summary>
    public List<long> Listed { get; set; } = [];

    /// <summary>The ticked ones.</summary>
    public List<long> Include { get; set; } = [];

    /// <summary>For "Schedule": when the job starts, in the roundtable's time zone.</summary>
    [Display(Name = "Start at")]
    public DateTime? RunAt { get; set; }

    /// <summary>"start", "schedule" or "save".</summary>
    public string Action { get; set; } = "start";
}
