using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Roundtables;

public sealed class RoundtablesWebTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private long organizerId;

    public async Task InitializeAsync() => organizerId = await app.CreateUserAsync("org@rt.example.org", Roles.Organizer);

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Form(string title = "Arctic futures", string start = "09:00", string end = "17:00") => new()
    {
        ["Form.Title"] = title,
        ["Form.StartDate"] = "2027-05-04",
        ["Form.StartTime"] = start,
        ["Form.EndTime"] = end,
        ["Form.TimeZone"] = "Europe/Oslo",
        ["Form.Venue"] = "Fram Centre, Tromsø",
        ["Form.Status"] = "planning",
    };

    [Fact]
    public async Task Organizer_creates_a_roundtable_and_sees_it_in_the_list()
    {
        using var web = await app.SignInAsync("org@rt.example.org");
        var page = await web.SubmitAsync("/roundtables/new", "/roundtables/new", Form());
        Assert.Contains("Arctic futures", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Fram Centre", page.Body!.TextContent);
        var list = await web.GetPageAsync("/roundtables");
        Assert.Contains(list.QuerySelectorAll("td a"), a => a.TextContent == "Arctic futures");
    }

    [Fact]
    public async Task End_before_start_is_a_validation_message_and_nothing_is_saved()
    {
        using var web = await app.SignInAsync("org@rt.example.org");
        var before = (await web.GetPageAsync("/roundtables")).QuerySelectorAll("td a").Length;
        var response = await web.PostFormAsync("/roundtables/new", "/roundtables/new", Form("Backwards", start: "15:00", end: "10:00"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebSession.ParseAsync(response);
        Assert.Contains("The end time must be after the start time.", page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("Backwards", page.QuerySelector("#Form_Title")!.GetAttribute("value"));
        Assert.Equal(before, (await web.GetPageAsync("/roundtables")).QuerySelectorAll("td a").Length);
    }

    [Theory]
    [InlineData("Form.StartDate", "9999-12-31", "The date must be between 1 January 1900 and 31 December 2199.")]
    [InlineData("Form.StartDate", "0001-01-01", "The date must be between 1 January 1900 and 31 December 2199.")]
    [InlineData("Form.EndDate", "9999-12-31", "The last day must be between 1 January 1900 and 31 December 2199.")]
    public async Task A_date_outside_a_sane_range_is_refused_with_a_message(string field, string date, string message)
    {
        using var web = await app.SignInAsync("org@rt.example.org");
        var before = (await web.GetPageAsync("/roundtables")).QuerySelectorAll("td a").Length;
        var fields = Form("Far future");
        fields[field] = date;
        var response = await web.PostFormAsync("/roundtables/new", "/roundtables/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(before, (await web.GetPageAsync("/roundtables")).QuerySelectorAll("td a").Length);
    }

    [Fact]
    public async Task Empty_title_and_unknown_time_zone_are_refused_with_messages()
    {
        using var web = await app.SignInAsync("org@rt.example.org");
        var fields = Form("");
        fields["Form.TimeZone"] = "Mars/Olympus";
        var response = await web.PostFormAsync("/roundtables/new", "/roundtables/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent;
        Assert.Contains("The title is required.", errors);
        Assert.Contains("not a known time zone", errors);
    }

    [Fact]
    public async Task Over_long_title_is_refused()
    {
        using var web = await app.SignInAsync("org@rt.example.org");
        var response = await web.PostFormAsync("/roundtables/new", "/roundtables/new", Form(new string('x', 301)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("maximum length of 300", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task Unknown_roundtable_is_a_friendly_404()
    {
        using var web = await app.SignInAsync("org@rt.example.org");
        var page = await web.GetPageAsync("/roundtables/999999", HttpStatusCode.NotFound);
        Assert.Equal("Not found", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Another_organizers_roundtable_is_403_to_read_and_to_edit()
    {
        var otherId = await app.CreateUserAsync("other-org@rt.example.org", Roles.Organizer);
        var theirs = await app.RoundtableAsync(otherId, "Theirs");
        using var web = await app.SignInAsync("org@rt.example.org");
        await web.GetPageAsync($"/roundtables/{theirs}", HttpStatusCode.Forbidden);
        await web.GetPageAsync($"/roundtables/{theirs}/edit", HttpStatusCode.Forbidden);
        var mine = await app.RoundtableAsync(organizerId, "Mine");
        var response = await web.PostFormAsync($"/roundtables/{mine}/edit", $"/roundtables/{theirs}/edit", Form("Hijacked"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var owner = await app.SignInAsync("other-org@rt.example.org");
        Assert.Equal("Theirs", (await owner.GetPageAsync($"/roundtables/{theirs}")).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Editing_keeps_what_was_entered()
    {
        var id = await app.RoundtableAsync(organizerId, "Before");
        using var web = await app.SignInAsync("org@rt.example.org");
        var fields = Form("After");
        fields["Form.Status"] = "held";
        var page = await web.SubmitAsync($"/roundtables/{id}/edit", $"/roundtables/{id}/edit", fields);
        Assert.Equal("After", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Held", page.QuerySelector(".badge.status-held")!.TextContent);
    }
}
