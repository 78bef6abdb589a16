using MimeKit;

namespace Roundtable.Web.Features.DevMailbox;

public sealed class DevMailboxPage
{
    public IReadOnlyList<CapturedMail.Summary> Messages { get; init; } = [];
    public int Total { get; init; }
}

public sealed class DevMessagePage
{
    public string Name { get; init; } = "";
    public MimeMessage Message { get; init; } = new();
    public IReadOnlyList<CapturedMail.Part> Parts { get; init; } = [];
}

/// <summary>Development only (404 elsewhere): every message the loopback catcher received, as a recipient would see it.</summary>
// Every roundtable's mail, RSVP and report links included: administrators only, even in Development.
[Route("dev/mailbox"), Authorize(Policy = Policies.Administrator)]
public sealed class DevMailboxController(CapturedMail mail) : Controller
{
    // The mail's own HTML is shown in a sandboxed frame: its inline styles may apply, nothing in it may run.
    private const string MailCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; sandbox allow-popups allow-popups-to-escape-sandbox";

    [HttpGet("")]
    public IActionResult Index()
    {
        if (!mail.Enabled) { return NotFound(); }
        var (messages, total) = mail.List(300);
        return View(new DevMailboxPage { Messages = messages, Total = total });
    }

    [HttpGet("{name}")]
    public IActionResult Show(string name)
    {
        if (!mail.Enabled || mail.Load(name) is not { } message) { return NotFound(); }
        return View(new DevMessagePage { Name = name, Message = message, Parts = CapturedMail.Parts(message).Select(p => p.Part).ToList() });
    }

    [HttpGet("{name}/html")]
    public IActionResult Html(string name)
    {
        if (!mail.Enabled || mail.Load(name) is not { } message) { return NotFound(); }
        Response.Headers.ContentSecurityPolicy = MailCsp;
        return Content(message.HtmlBody ?? "<p>(This message has no HTML part.)</p>", "text/html; charset=utf-8");
    }

    [HttpGet("{name}/raw")]
    public IActionResult Raw(string name)
    {
        if (!mail.Enabled || mail.Load(name) is not { } message) { return NotFound(); }
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return File(stream.ToArray(), "text/plain; charset=utf-8");
    }

    [HttpGet("{name}/parts/{index:int}")]
    public IActionResult Part(string name, int index)
    {
        if (!mail.Enabled || mail.Load(name) is not { } message) { return NotFound(); }
        var found = CapturedMail.Parts(message).FirstOrDefault(p => p.Part.Index == index);
        if (found.Entity is not MimePart part) { return NotFound(); }
        using var stream = new MemoryStream();
        part.Content?.DecodeTo(stream);
        var fileName = part.FileName ?? (part.ContentType.IsMimeType("text", "calendar") ? "invite.ics" : $"part-{index}");
        return File(stream.ToArray(), part.ContentType.MimeType, fileName);
    }

    [HttpPost("clear")]
    public IActionResult Clear()
    {
        if (!mail.Enabled) { return NotFound(); }
        var n = mail.Clear();
        TempData["Flash"] = $"{n} message{(n == 1 ? "" : "s")} deleted.";
        return RedirectToAction(nameof(Index));
    }
}
