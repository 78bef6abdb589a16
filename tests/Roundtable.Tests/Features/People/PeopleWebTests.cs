using System.Net;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.People;

public sealed class PeopleWebTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    public async Task InitializeAsync() => await app.CreateUserAsync("org@people.example.org", Roles.Organizer);

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Person(string name, string email) => new()
    {
        ["Form.Honorific"] = "Dr.", ["Form.FullName"] = name, ["Form.Email"] = email, ["Form.Affiliation"] = "Web Test Institute",
        ["Form.Biography"] = "Writes *books*.",
    };

    [Fact]
    public async Task Organizer_adds_a_person_and_finds_them_by_affiliation()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        var list = await web.SubmitAsync("/people/new", "/people/new", Person("Peter Hakim", "peter@web.example.org"));
        Assert.Contains("Peter Hakim added", list.QuerySelector(".flash")!.TextContent);
        var found = await web.GetPageAsync("/people?q=web+test");
        Assert.Contains(found.QuerySelectorAll("td a"), a => a.TextContent.Contains("Peter Hakim"));
        var none = await web.GetPageAsync("/people?q=zzzz-nobody");
        Assert.Empty(none.QuerySelectorAll("td a"));
    }

    [Theory]
    [InlineData("100% org", "Wilde 100% Organic", "Wilde 1000 Organic")]
    [InlineData("snake a_b", "Snake a_b Case", "Snake axb Case")]
    [InlineData(@"back c\d", @"Back c\d Slash", "Back cd Slash")]
    public async Task Search_finds_percent_underscore_and_backslash_as_typed(string query, string match, string lookalike)
    {
        await app.PersonAsync(match, $"{Guid.NewGuid():N}@search.example.org");
        await app.PersonAsync(lookalike, $"{Guid.NewGuid():N}@search.example.org");
        using var web = await app.SignInAsync("org@people.example.org");
        var found = await web.GetPageAsync("/people?q=" + Uri.EscapeDataString(query));
        Assert.Equal([match], found.QuerySelectorAll("td a").Select(a => a.TextContent.Trim()).Where(t => t.Length > 0));
    }

    [Theory]
    [InlineData(1252, true)]
    [InlineData(65001, false)]
    public async Task An_uploaded_csv_in_windows_1252_is_read_as_such_with_a_notice_and_utf8_without(int codePage, bool notice)
    {
        using var web = await app.SignInAsync("org@people.example.org");
        var page = await web.GetPageAsync("/people/import");
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var encoding = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? System.Text.Encoding.UTF8;
        var bytes = encoding.GetBytes($"full_name,email,affiliation\nJosé Müller,jose{codePage}@latin.example.org,Øresund Institute\n");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", "people.csv" },
        };
        var preview = await WebSession.ParseAsync(await web.Client.PostAsync("/people/import/preview", form));
        var row = preview.QuerySelector("table.grid tbody tr")!.TextContent;
        Assert.Contains("José Müller", row);
        Assert.Contains("Øresund Institute", row);
        Assert.Equal(notice, preview.QuerySelector("#encoding-notice")?.TextContent.Contains("not UTF-8") == true);
    }

    [Fact]
    public async Task Duplicate_email_ignoring_case_is_refused_and_the_form_keeps_its_values()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        await web.SubmitAsync("/people/new", "/people/new", Person("First Holder", "dup@web.example.org"));
        var response = await web.PostFormAsync("/people/new", "/people/new", Person("Second Holder", "DUP@web.example.org"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebSession.ParseAsync(response);
        Assert.Contains("already has the email", page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("Second Holder", page.QuerySelector("#Form_FullName")!.GetAttribute("value"));
        var list = await web.GetPageAsync("/people?q=holder");
        Assert.Single(list.QuerySelectorAll("td a"));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.org")]
    [InlineData("nodot@localhost")]
    [InlineData("Name <name@example.org>")]
    public async Task Invalid_email_is_a_validation_message(string email)
    {
        using var web = await app.SignInAsync("org@people.example.org");
        var response = await web.PostFormAsync("/people/new", "/people/new", Person("Bad Email", email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("valid email address", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task Editing_a_person_to_another_persons_email_is_refused()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        await web.SubmitAsync("/people/new", "/people/new", Person("Keeper One", "keeper1@web.example.org"));
        await web.SubmitAsync("/people/new", "/people/new", Person("Keeper Two", "keeper2@web.example.org"));
        var list = await web.GetPageAsync("/people?q=keeper+two");
        var href = list.QuerySelector("td a")!.GetAttribute("href")!;
        var response = await web.PostFormAsync(href, href, Person("Keeper Two", "KEEPER1@web.example.org"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already has the email", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task A_biography_showing_an_image_from_an_address_is_refused_because_it_is_printed_in_the_report()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        var form = Person("Imogen Image", "imogen@web.example.org");
        form["Form.Biography"] = "Writes books. ![portrait](http://127.0.0.1:5389/portrait.jpg)";
        var response = await web.PostFormAsync("/people/new", "/people/new", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebSession.ParseAsync(response);
        Assert.Contains("There is an image from another address in the biography (http://127.0.0.1:5389/portrait.jpg)", page.QuerySelector(".errors")!.TextContent);
        var found = await web.GetPageAsync("/people?q=imogen");
        Assert.Empty(found.QuerySelectorAll("td a"));
    }

    [Fact]
    public async Task Unknown_person_is_404()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        await web.GetPageAsync("/people/987654", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Csv_upload_shows_a_preview_then_imports_on_confirmation()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        var importPage = await web.GetPageAsync("/people/import");
        var token = importPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent("full_name,email\nCsv Person,csv.person@web.example.org\n"u8.ToArray()), "file", "people.csv" },
        };
        var previewResponse = await web.Client.PostAsync("/people/import/preview", content);
        Assert.Equal(HttpStatusCode.OK, previewResponse.StatusCode);
        var preview = await WebSession.ParseAsync(previewResponse);
        Assert.Contains("Import 1 people", preview.QuerySelector("form[action='/people/import'] button")!.TextContent);
        Assert.Empty(preview.QuerySelectorAll(".row-bad"));
        Assert.Empty((await web.GetPageAsync("/people?q=csv+person")).QuerySelectorAll("td a"));

        var csvText = preview.QuerySelector("textarea[name=csvText]")!.TextContent;
        var done = await web.SubmitAsync("/people/import", "/people/import", new() { ["csvText"] = csvText });
        Assert.Contains("1 new, 0 updated", done.QuerySelector(".flash")!.TextContent);
        Assert.Single((await web.GetPageAsync("/people?q=csv+person")).QuerySelectorAll("td a"));
    }

    [Fact]
    public async Task Script_in_a_biography_is_not_rendered_as_markup()
    {
        using var web = await app.SignInAsync("org@people.example.org");
        var fields = Person("Script Kiddie", "script@web.example.org");
        fields["Form.FullName"] = "<script>alert(1)</script> Kiddie";
        await web.SubmitAsync("/people/new", "/people/new", fields);
        var list = await web.GetPageAsync("/people?q=kiddie");
        Assert.Empty(list.QuerySelectorAll("td script"));
        Assert.Contains("<script>alert(1)</script> Kiddie", list.QuerySelector("td a")!.TextContent);
    }
}
