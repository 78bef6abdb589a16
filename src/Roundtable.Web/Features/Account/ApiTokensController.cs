namespace Roundtable.Web.Features.Account;

public sealed class ApiTokensPage
{
    public IReadOnlyList<ListApiTokens.Row> Tokens { get; init; } = [];
    public ApiTokenForm Form { get; init; } = new();

    /// <summary>The token just made, shown on this one answer and never again.</summary>
    public NewApiToken? Created { get; init; }
    public DateTime Now { get; init; }
}

/// <summary>Personal API tokens, for organizers and rapporteurs alike: each acts with its owner's rights only.</summary>
[Route("account/tokens")]
public sealed class ApiTokensController(ListApiTokens list, CreateApiToken create, RevokeApiToken revoke, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => await PageAsync(new ApiTokenForm(), null, ct);

    /// <summary>Answers with the page itself, not a redirect, so the token is never kept in TempData or a URL.</summary>
    [HttpPost("")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] ApiTokenForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return await PageAsync(form, null, ct);
        }
        var result = await create.HandleAsync(User.Id(), form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors.Select(e => e with { Field = "Form." + e.Field }));
            return await PageAsync(form, null, ct);
        }
        ModelState.Clear();
        return await PageAsync(new ApiTokenForm(), result.Value, ct);
    }

    [HttpPost("{id:long}/revoke")]
    public async Task<IActionResult> Revoke(long id, CancellationToken ct)
    {
        if (!await revoke.HandleAsync(User.Id(), id, ct))
        {
            return NotFound();
        }
        TempData["Flash"] = "The token is revoked: scripts using it are refused from now on.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> PageAsync(ApiTokenForm form, NewApiToken? created, CancellationToken ct)
    {
        // The one answer that shows a token must not be kept by a browser or proxy.
        Response.Headers.CacheControl = "no-store";
        return View("ApiTokens", new ApiTokensPage
        {
            Tokens = await list.HandleAsync(User.Id(), ct), Form = form, Created = created, Now = clock.GetUtcNow().UtcDateTime,
        });
    }
}
