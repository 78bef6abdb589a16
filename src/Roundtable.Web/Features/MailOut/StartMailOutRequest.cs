namespace Roundtable.Web.Features.MailOut;

/// <summary>What a script sends to start a mail-out.</summary>
public sealed class StartMailOutRequest
{
    /// <summary>The number of an edition already assembled: the run mails exactly this edition.</summary>
    public int? Edition { get; set; }

    /// <summary>Needed when the edition has warnings and is not published yet.</summary>
    public string? OverrideReason { get; set; }

    /// <summary>Invite the follow-up roundtable's people not invited yet (default true).</summary>
    public bool InviteFollowUp { get; set; } = true;

    /// <summary>Participation ids to receive the report; leave out for the default (everyone who attended, and the organizers).</summary>
    public List<long>? Recipients { get; set; }

    /// <summary>When to start (with an offset, or UTC); leave out to start now.</summary>
    public DateTimeOffset? RunAt { get; set; }
}
