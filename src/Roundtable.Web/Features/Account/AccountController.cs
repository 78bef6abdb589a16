using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;

namespace Roundtable.Web.Features.Account;

public sealed class LoginForm
{
    [Required, EmailAddress]
    public string Email { get; set; } = "";

    [Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class SetupForm
{
    [Required, Display(Name = "Setup code")]
    public string Code { get; set; } = "";

    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [Required, StringLength(120), Display(Name = "Your name")]
    public string DisplayName { get; set; } = "";

    [Required, StringLength(200, MinimumLength = PasswordRules.MinLength, ErrorMessage = PasswordRules.LengthMessage), DataType(DataType.Password)]
    public string Password { get; set; } = "";
}

[Route("account")]
public sealed class AccountController(
    SignIn signIn, ListAccounts accounts, CreateAccount createAccount, FirstRunSetup setup, EndSessions endSessions, ChangePassword changePassword, Audit.RecordAudit audit) : Controller
{
    [AllowAnonymous, HttpGet("login")]
    public async Task<IActionResult> Login(string? returnUrl, CancellationToken ct)
    {
        if (!await accounts.AnyAsync(ct))
        {
            return RedirectToAction(nameof(Setup));
        }
        return View(new LoginForm { ReturnUrl = returnUrl });
    }

    [AllowAnonymous, HttpPost("login"), EnableRateLimiting(SignInLimits.Policy)]
    public async Task<IActionResult> Login(LoginForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var result = await signIn.HandleAsync(form.Email, form.Password, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View(form);
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Value!);
        return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : RedirectToAction("Index", "Roundtables");
    }

    /// <summary>Signs out everywhere: the new security stamp ends this session's cookie and every copy of it.</summary>
    [HttpPost("logout")]
    public async Task<IActionResult> Logout(CancellationToken ct)
    {
        await endSessions.HandleAsync(User.Id(), ct);
        await audit.HandleAsync(User.Id(), null, Audit.AuditActions.SignOut, null, "Signed out; every session of the account ended.", ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToAction(nameof(Login));
    }

    [AllowAnonymous, HttpGet("setup")]
    public async Task<IActionResult> Setup(CancellationToken ct) =>
        await accounts.AnyAsync(ct) ? RedirectToAction(nameof(Login)) : View(new SetupForm());

    [AllowAnonymous, HttpPost("setup"), EnableRateLimiting(SignInLimits.Policy)]
    public async Task<IActionResult> Setup(SetupForm form, CancellationToken ct)
    {
        if (await accounts.AnyAsync(ct))
        {
            return RedirectToAction(nameof(Login));
        }
        if (!setup.Matches(form.Code))
        {
            ModelState.AddModelError(nameof(form.Code), "That is not the setup code printed in the server log.");
        }
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var created = await createAccount.HandleAsync(new AccountForm
        {
            Email = form.Email,
            DisplayName = form.DisplayName,
            Password = form.Password,
            Role = Roles.Administrator,
        }, ct);
        if (!created.Ok)
        {
            ModelState.AddErrors(created.Errors.Select(e => e.Field == nameof(AccountForm.Role) ? e with { Field = "" } : e));
            return View(form);
        }
        var signedIn = await signIn.HandleAsync(form.Email, form.Password, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, signedIn.Value!);
        return RedirectToAction("Index", "Roundtables");
    }

    [Authorize(Policy = Policies.Organizer), HttpGet("users")]
    public async Task<IActionResult> Users(CancellationToken ct) => View(await accounts.HandleAsync(User, ct));

    [Authorize(Policy = Policies.Organizer), HttpGet("users/new")]
    public IActionResult NewUser() => View(new AccountForm());

    [Authorize(Policy = Policies.Organizer), HttpPost("users/new")]
    public async Task<IActionResult> NewUser(AccountForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var result = await createAccount.HandleAsync(form, User, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View(form);
        }
        TempData["Flash"] = $"Account for {form.DisplayName} created.";
        return RedirectToAction(nameof(Users));
    }

    [HttpGet("password")]
    public IActionResult Password() => View(new ChangePasswordForm());

    /// <summary>Changes the password; this session goes on with the new security stamp, every other one ends.</summary>
    [HttpPost("password"), EnableRateLimiting(SignInLimits.Policy)]
    public async Task<IActionResult> Password(ChangePasswordForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(new ChangePasswordForm());
        }
        var result = await changePassword.HandleAsync(User.Id(), form, ct);
        if (!result.Ok)
        {
            ModelState.AddErrors(result.Errors);
            return View(new ChangePasswordForm());
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Account.SignIn.ToPrincipal(result.Value!));
        await audit.HandleAsync(User.Id(), null, Audit.AuditActions.PasswordChanged, null, "Password changed; other sessions ended.", ct);
        TempData["Flash"] = "Password changed. Every other session of this account has been signed out.";
        return RedirectToAction("Index", "Roundtables");
    }
}
