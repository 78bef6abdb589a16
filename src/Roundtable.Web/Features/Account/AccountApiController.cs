using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;

namespace Roundtable.Web.Features.Account;

public sealed class ApiLogin
{
    [Required, EmailAddress]
    public string Email { get; set; } = "";

    [Required]
    public string Password { get; set; } = "";
}

/// <summary>Scripts sign in here and keep the cookie; the API takes JSON only, so a cross-site form cannot call it.</summary>
[ApiController, Route("api/account"), IgnoreAntiforgeryToken]
public sealed class AccountApiController(SignIn signIn, EndSessions endSessions) : ControllerBase
{
    [AllowAnonymous, HttpPost("login"), Consumes("application/json"), EnableRateLimiting(SignInLimits.Policy)]
    [ProducesResponseType(StatusCodes.Status204NoContent), ProducesResponseType(StatusCodes.Status400BadRequest), ProducesResponseType(StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> Login(ApiLogin login, CancellationToken ct)
    {
        var result = await signIn.HandleAsync(login.Email, login.Password, ct);
        if (!result.Ok)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-in failed", detail: result.Errors[0].Message);
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Value!);
        return NoContent();
    }

    /// <summary>Signs out everywhere, as the page does.</summary>
    [HttpPost("logout")]
    public async Task<IActionResult> Logout(CancellationToken ct)
    {
        await endSessions.HandleAsync(User.Id(), ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return NoContent();
    }
}
