namespace Roundtable.Web.Features.Inbox;

public sealed record WrittenReplies(long RoundtableId, IReadOnlyList<ListInboxMessages.Row> Newest, int Count);

/// <summary>On the roundtable's overview: what participants wrote back to its mails, so nobody has to open the mailbox.</summary>
public sealed class WrittenRepliesViewComponent(ListInboxMessages list) : ViewComponent
{
    public const int Shown = 5;

    public async Task<IViewComponentResult> InvokeAsync(long roundtableId)
    {
        var (newest, count) = await list.WrittenAsync(roundtableId, Shown, HttpContext.RequestAborted);
        return count == 0 ? Content("") : View("/Features/Inbox/_WrittenReplies.cshtml", new WrittenReplies(roundtableId, newest, count));
    }
}
