using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.EmailTemplates;

public sealed class EmailTemplatesPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public IReadOnlyList<(EmailPlaceholders.Kind Kind, bool Customised)> Kinds { get; init; } = [];
}

public sealed class EmailTemplateEditPage
{
    public GetRoundtable.Row Roundtable { get; init; } = new();
    public EmailPlaceholders.Kind Kind { get; init; } = EmailPlaceholders.Kinds[0];
    public EmailTemplateForm Form { get; init; } = new();
    public bool Customised { get; init; }
    public IReadOnlyList<Invitee> Recipients { get; init; } = [];
    public PreviewEmailTemplate.Preview? Preview { get; init; }
}

[Route("roundtables/{roundtableId:long}/templates"), Authorize(Policy = Policies.Organizer)]
public sealed class EmailTemplatesController(
    GetRoundtable getRoundtable, EmailTemplateStore store, ListInvitees invitees, PreviewEmailTemplate preview,
    SaveEmailTemplate save, ResetEmailTemplate reset) : Controller
{
    private const string MailCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

    [HttpGet(""), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Index(long roundtableId, CancellationToken ct)
    {
        var kinds = new List<(EmailPlaceholders.Kind, bool)>();
        foreach (var k in EmailPlaceholders.Kinds)
        {
            kinds.Add((k, (await store.SourceAsync(roundtableId, k.Name, ct)).IsOverride));
        }
        return View(new EmailTemplatesPage { Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!, Kinds = kinds });
    }

    [HttpGet("{name}"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, string name, CancellationToken ct)
    {
        if (EmailPlaceholders.Find(name) is null) { return NotFound(); }
        var source = await store.SourceAsync(roundtableId, name, ct);
        var form = new EmailTemplateForm { Subject = source.Subject, TextBody = source.TextBody, HtmlBody = source.HtmlBody };
        return View(await PageAsync(roundtableId, name, form, source.IsOverride, ct));
    }

    [HttpPost("{name}"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Edit(long roundtableId, string name, [Bind(Prefix = "Form")] EmailTemplateForm form, CancellationToken ct)
    {
        if (EmailPlaceholders.Find(name) is null) { return NotFound(); }
        var result = await save.HandleAsync(roundtableId, name, form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = e.Field.Length == 0 ? "" : "Form." + e.Field }));
            var source = await store.SourceAsync(roundtableId, name, ct);
            return View(await PageAsync(roundtableId, name, form, source.IsOverride, ct));
        }
        TempData["Flash"] = $"The {EmailPlaceholders.Get(name).InSentence} template is saved; mails queued from now on use it.";
        return RedirectToAction(nameof(Edit), new { roundtableId, name });
    }

    [HttpPost("{name}/reset"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Reset(long roundtableId, string name, CancellationToken ct)
    {
        if (EmailPlaceholders.Find(name) is null) { return NotFound(); }
        await reset.HandleAsync(roundtableId, name, ct);
        TempData["Flash"] = "Back to the default wording.";
        return RedirectToAction(nameof(Edit), new { roundtableId, name });
    }

    /// <summary>The live preview's subject, text and problems (the editor's script posts here as the organizer types).</summary>
    [HttpPost("{name}/preview"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> Preview(long roundtableId, string name, [Bind(Prefix = "Form")] EmailTemplateForm form, CancellationToken ct)
    {
        if (EmailPlaceholders.Find(name) is null) { return NotFound(); }
        var p = await preview.HandleAsync(roundtableId, name, form, ct);
        return Json(new { errors = p.Errors.Select(e => e.Message), recipient = p.RecipientName, subject = p.Email?.Subject, text = p.Email?.TextBody });
    }

    /// <summary>The preview's HTML part, posted into a sandboxed frame where the mail's inline styles may apply.</summary>
    [HttpPost("{name}/preview-html"), RequireRoundtable(Access.Manage)]
    public async Task<IActionResult> PreviewHtml(long roundtableId, string name, [Bind(Prefix = "Form")] EmailTemplateForm form, CancellationToken ct)
    {
        if (EmailPlaceholders.Find(name) is null) { return NotFound(); }
        var p = await preview.HandleAsync(roundtableId, name, form, ct);
        Response.Headers.ContentSecurityPolicy = MailCsp;
        return Content(p.Email?.HtmlBody ?? "<p style=\"font-family:sans-serif;color:#b3261e\">The template has problems; see the list beside the editor.</p>", "text/html; charset=utf-8");
    }

    private async Task<EmailTemplateEditPage> PageAsync(long roundtableId, string name, EmailTemplateForm form, bool customised, CancellationToken ct) => new()
    {
        Roundtable = (await getRoundtable.HandleAsync(roundtableId, ct))!,
        Kind = EmailPlaceholders.Get(name),
        Form = form,
        Customised = customised,
        Recipients = (await invitees.HandleAsync(roundtableId, ct)).Where(i => i.Email is not null).ToList(),
        Preview = await preview.HandleAsync(roundtableId, name, form, ct),
    };
}
