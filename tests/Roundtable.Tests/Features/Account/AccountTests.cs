using System.Net;
using System.Net.Http.Json;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Account;

public sealed class AccountTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Wrong_password_is_a_message_not_a_sign_in()
    {
        await app.CreateUserAsync("plain@acct.example.org", Roles.Organizer);
        using var web = new WebSession(app.NewClient());
        var response = await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "plain@acct.example.org", ["Password"] = "wrong-password" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("email or password is not right", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await web.Client.GetAsync("/roundtables")).StatusCode);
    }

    [Fact]
    public async Task Account_locks_after_repeated_failures_even_for_the_right_password()
    {
        await app.CreateUserAsync("locked@acct.example.org", Roles.Rapporteur);
        using var web = new WebSession(app.NewClient());
        for (var i = 0; i < SignIn.MaxFailures; i++)
        {
            await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "locked@acct.example.org", ["Password"] = "guess-" + i });
        }
        var response = await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "locked@acct.example.org", ["Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignIn.Failed, (await WebSession.ParseAsync(response)).QuerySelector(".errors li")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await web.Client.GetAsync("/roundtables")).StatusCode);
    }

    [Fact]
    public async Task Every_sign_in_failure_gets_the_same_answer_and_none_says_locked()
    {
        await app.CreateUserAsync("same@acct.example.org", Roles.Organizer);
        await app.CreateUserAsync("same-locked@acct.example.org", Roles.Organizer);
        using var web = new WebSession(app.NewClient());
        for (var i = 0; i < SignIn.MaxFailures; i++)
        {
            await web.PostJsonAsync("/api/account/login", new { email = "same-locked@acct.example.org", password = "guess-" + i });
        }
        var attempts = new (string Email, string Password)[]
        {
            ("nobody@acct.example.org", AppFactory.Password),
            ("same@acct.example.org", "wrong-password"),
            ("same-locked@acct.example.org", AppFactory.Password),
        };
        var pages = new List<string>();
        var problems = new List<string>();
        foreach (var (email, password) in attempts)
        {
            var page = await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = email, ["Password"] = password });
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            pages.Add((await WebSession.ParseAsync(page)).QuerySelector(".errors li")!.TextContent.Trim());
            var api = await web.PostJsonAsync("/api/account/login", new { email, password });
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            problems.Add(System.Text.Json.JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!);
        }
        Assert.All(pages.Concat(problems), text => Assert.Equal(SignIn.Failed, text));
        Assert.DoesNotContain(pages.Concat(problems), text => text.Contains("lock", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forty_parallel_wrong_passwords_check_the_password_at_most_five_times()
    {
        var userId = await app.CreateUserAsync("parallel@acct.example.org", Roles.Rapporteur);
        string hash;
        await using (var conn = await app.Db.OpenAsync())
        {
            hash = await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn, "SELECT password_hash FROM users WHERE id = @userId", new { userId }) ?? "";
        }
        var hasher = new CountingHasher(hash);
        var signIn = new SignIn(app.Db, TimeProvider.System, hasher);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => signIn.HandleAsync("parallel@acct.example.org", "wrong-" + i, CancellationToken.None))));
        Assert.All(results, r => Assert.False(r.Ok));
        Assert.InRange(hasher.ChecksOfTheRealHash, 1, SignIn.MaxFailures);
        await using (var conn = await app.Db.OpenAsync())
        {
            var failed = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT failed_logins FROM users WHERE id = @userId", new { userId });
            Assert.Equal(SignIn.MaxFailures, failed);
        }
        // Locked now: the right password is not even checked.
        Assert.False((await signIn.HandleAsync("parallel@acct.example.org", AppFactory.Password, CancellationToken.None)).Ok);
        Assert.InRange(hasher.ChecksOfTheRealHash, 1, SignIn.MaxFailures);

        // When the lock has run out, the right password signs in and the count starts again.
        var later = new SignIn(app.Db, new Later(SignIn.LockoutPeriod + TimeSpan.FromMinutes(1)), hasher);
        Assert.True((await later.HandleAsync("parallel@acct.example.org", AppFactory.Password, CancellationToken.None)).Ok);
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT failed_logins FROM users WHERE id = @userId", new { userId }));
        }
    }

    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    private sealed class CountingHasher(string realHash) : Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount>
    {
        private readonly Microsoft.AspNetCore.Identity.PasswordHasher<UserAccount> inner = new();
        private int checks;

        public int ChecksOfTheRealHash => Volatile.Read(ref checks);

        public string HashPassword(UserAccount user, string password) => inner.HashPassword(user, password);

        public Microsoft.AspNetCore.Identity.PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
        {
            if (hashedPassword == realHash)
            {
                Interlocked.Increment(ref checks);
            }
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await app.CreateUserAsync("out@acct.example.org", Roles.Organizer);
        using var web = await app.SignInAsync("out@acct.example.org");
        await web.GetPageAsync("/roundtables");
        var response = await web.PostFormAsync("/roundtables", "/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await web.Client.GetAsync("/roundtables")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_a_copied_cookie_too()
    {
        await app.CreateUserAsync("copied@acct.example.org", Roles.Organizer);
        var cookie = await ApiCookieAsync("copied@acct.example.org", AppFactory.Password);
        using var original = CookieClient(cookie);
        using var copy = CookieClient(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/roundtables")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await original.PostAsync("/api/account/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/roundtables")).StatusCode);
        var page = await copy.GetAsync("/roundtables");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_other_session_and_keeps_this_one()
    {
        await app.CreateUserAsync("changer@acct.example.org", Roles.Organizer);
        using var elsewhere = CookieClient(await ApiCookieAsync("changer@acct.example.org", AppFactory.Password));
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/roundtables")).StatusCode);
        using var web = await app.SignInAsync("changer@acct.example.org");

        var mismatch = await web.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = AppFactory.Password, ["NewPassword"] = "brand-new-secret-1", ["ConfirmPassword"] = "brand-new-secret-2",
        });
        Assert.Contains("differ", (await WebSession.ParseAsync(mismatch)).QuerySelector(".errors")!.TextContent);
        var wrongCurrent = await web.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = "not-the-password", ["NewPassword"] = "brand-new-secret-1", ["ConfirmPassword"] = "brand-new-secret-1",
        });
        Assert.Contains("current password is not right", (await WebSession.ParseAsync(wrongCurrent)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/roundtables")).StatusCode);

        var changed = await web.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = AppFactory.Password, ["NewPassword"] = "brand-new-secret-1", ["ConfirmPassword"] = "brand-new-secret-1",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await web.GetPageAsync("/roundtables");
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/roundtables")).StatusCode);

        using var oldPassword = new WebSession(app.NewClient());
        Assert.Equal(HttpStatusCode.OK, (await oldPassword.PostFormAsync("/account/login", "/account/login",
            new() { ["Email"] = "changer@acct.example.org", ["Password"] = AppFactory.Password })).StatusCode);
        using var _ = await app.SignInAsync("changer@acct.example.org", "brand-new-secret-1");
    }

    [Theory]
    [InlineData("aaaaaaaaaa")]
    [InlineData("1234567890")]
    [InlineData("password12")]
    [InlineData("Password2024!")]
    [InlineData("weak@acct.example.org")]
    public async Task Common_and_guessable_passwords_are_refused(string password)
    {
        Assert.NotNull(PasswordRules.Check(password, "weak@acct.example.org"));
        await app.CreateUserAsync("weak@acct.example.org", Roles.Organizer);
        using var web = await app.SignInAsync("weak@acct.example.org");
        var change = await web.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = AppFactory.Password, ["NewPassword"] = password, ["ConfirmPassword"] = password,
        });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.NotNull((await WebSession.ParseAsync(change)).QuerySelector(".errors"));
        // A new account whose password is its own email, or a common one.
        var email = password.Contains('@') ? "new-weak@acct.example.org" : "new-" + Guid.NewGuid().ToString("N")[..8] + "@acct.example.org";
        var account = await web.PostFormAsync("/account/users/new", "/account/users/new", new()
        {
            ["Email"] = email, ["DisplayName"] = "Weak", ["Role"] = "rapporteur", ["Password"] = password.Contains('@') ? email : password,
        });
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.NotNull((await WebSession.ParseAsync(account)).QuerySelector(".errors"));
    }

    [Fact]
    public void A_long_uncommon_password_passes()
    {
        Assert.Null(PasswordRules.Check(AppFactory.Password, "someone@acct.example.org"));
        Assert.Null(PasswordRules.Check("Tromsø harbour at dusk", "someone@acct.example.org"));
        Assert.Null(PasswordRules.Check("first-password-1", "first@setup.example.org"));
        Assert.NotNull(PasswordRules.Check("someone2024!", "someone@acct.example.org"));
    }

    private async Task<string> ApiCookieAsync(string email, string password)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await client.PostAsync("/api/account/login", JsonContent.Create(new { email, password }));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("roundtable.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private HttpClient CookieClient(string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task Organizer_creates_a_rapporteur_account_linked_to_their_person()
    {
        await app.CreateUserAsync("admin@acct.example.org", Roles.Organizer);
        await app.PersonAsync("Linked Rapporteur", "linked@acct.example.org");
        using var web = await app.SignInAsync("admin@acct.example.org");
        var page = await web.SubmitAsync("/account/users/new", "/account/users/new", new()
        {
            ["Email"] = "Linked@acct.example.org", ["DisplayName"] = "Linked Rapporteur", ["Role"] = "rapporteur", ["Password"] = "a-long-password",
        });
        var row = page.QuerySelectorAll("tr").First(r => r.TextContent.Contains("Linked@acct.example.org"));
        Assert.Contains("Linked Rapporteur", row.QuerySelectorAll("td")[3].TextContent);
        var again = await web.PostFormAsync("/account/users/new", "/account/users/new", new()
        {
            ["Email"] = "LINKED@acct.example.org", ["DisplayName"] = "Twice", ["Role"] = "rapporteur", ["Password"] = "a-long-password",
        });
        Assert.Contains("already exists", (await WebSession.ParseAsync(again)).QuerySelector(".errors")!.TextContent);
        var shortPassword = await web.PostFormAsync("/account/users/new", "/account/users/new", new()
        {
            ["Email"] = "short@acct.example.org", ["DisplayName"] = "Short", ["Role"] = "rapporteur", ["Password"] = "short",
        });
        Assert.Contains("at least 10 characters", (await WebSession.ParseAsync(shortPassword)).QuerySelector(".errors")!.TextContent);
    }
}

/// <summary>A fresh installation: no account, so the first organizer is made on /account/setup with the code from the log.</summary>
public sealed class FirstRunSetupTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task First_organizer_needs_the_setup_code_and_then_setup_closes()
    {
        using var web = new WebSession(app.NewClient());
        var login = await web.Client.GetAsync("/account/login");
        Assert.Equal("/account/setup", login.Headers.Location!.OriginalString);

        var fields = new Dictionary<string, string>
        {
            ["Code"] = "WRONG", ["DisplayName"] = "First Organizer", ["Email"] = "first@setup.example.org", ["Password"] = "first-password-1",
        };
        var wrong = await web.PostFormAsync("/account/setup", "/account/setup", fields);
        Assert.Contains("setup code", (await WebSession.ParseAsync(wrong)).QuerySelector(".errors")!.TextContent);

        fields["Code"] = ((FirstRunSetup)app.Services.GetService(typeof(FirstRunSetup))!).Code.ToLowerInvariant();
        var ok = await web.PostFormAsync("/account/setup", "/account/setup", fields);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await web.GetPageAsync("/roundtables");
        // The first account administers the installation.
        Assert.Equal(HttpStatusCode.OK, (await web.Client.GetAsync("/hangfire")).StatusCode);

        using var late = new WebSession(app.NewClient());
        Assert.Equal("/account/login", (await late.Client.GetAsync("/account/setup")).Headers.Location!.OriginalString);
    }
}

/// <summary>The per-address limit on password attempts, with a small limit so the test is quick.</summary>
public sealed class SignInRateLimitTests(SignInRateLimitTests.Limited app) : IClassFixture<SignInRateLimitTests.Limited>
{
    public sealed class Limited : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SignIn:AttemptsPerMinute"] = "3" };
    }

    [Fact]
    public async Task One_address_gets_a_few_attempts_a_minute_across_the_page_and_the_api()
    {
        await app.CreateUserAsync("limited@acct.example.org", Roles.Organizer);
        using var web = new WebSession(app.NewClient());
        for (var i = 0; i < 3; i++)
        {
            var api = await web.PostJsonAsync("/api/account/login", new { email = $"nobody{i}@acct.example.org", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        }
        var refused = await web.PostJsonAsync("/api/account/login", new { email = "limited@acct.example.org", password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        var page = await web.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "limited@acct.example.org", ["Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        // The attempts refused by the limit were never counted against the account.
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT failed_logins FROM users WHERE email_normalized = 'LIMITED@ACCT.EXAMPLE.ORG'"));
    }
}
