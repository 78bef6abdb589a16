namespace Roundtable.Web.Features.Settings;

public sealed class BrandingPage
{
    public BrandingForm Form { get; init; } = new();
    public string? LogoDataUrl { get; init; }
}

/// <summary>The installation's settings that only an administrator sets: the institution's branding.</summary>
public sealed class SettingsController(GetBranding get, SaveBranding save) : Controller
{
    [Authorize(Policy = Policies.Administrator), HttpGet("settings/branding")]
    public async Task<IActionResult> Branding(CancellationToken ct)
    {
        var b = await get.HandleAsync(ct);
        return View(new BrandingPage
        {
            Form = new BrandingForm { InstitutionName = b.InstitutionName, Colour = b.Colour, Cover = b.Cover }, LogoDataUrl = b.LogoDataUrl,
        });
    }

    [Authorize(Policy = Policies.Administrator), HttpPost("settings/branding"), RequestSizeLimit(SaveBranding.MaxLogoBytes * 4)]
    public async Task<IActionResult> Branding([Bind(Prefix = "Form")] BrandingForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await save.HandleAsync(form, User.Id(), ct);
            if (result.Ok)
            {
                TempData["Flash"] = "Branding saved. Editions assembled from now on carry it; those already assembled keep what they were printed with.";
                return RedirectToAction(nameof(Branding));
            }
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(new BrandingPage { Form = form, LogoDataUrl = (await get.HandleAsync(ct)).LogoDataUrl });
    }

    /// <summary>The logo, for the header of the mails (mail clients fetch it; it is no secret).</summary>
    [AllowAnonymous, HttpGet("branding/logo"), ResponseCache(Duration = 3600)]
    public async Task<IActionResult> Logo(CancellationToken ct) =>
        await get.HandleAsync(ct) is { Logo: { Length: > 0 } logo, LogoType: { } type } ? File(logo, type) : NotFound();
}
