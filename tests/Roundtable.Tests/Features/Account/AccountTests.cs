using System.Net;
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
        Assert.Contains("locked", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
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

        using var late = new WebSession(app.NewClient());
        Assert.Equal("/account/login", (await late.Client.GetAsync("/account/setup")).Headers.Location!.OriginalString);
    }
}
