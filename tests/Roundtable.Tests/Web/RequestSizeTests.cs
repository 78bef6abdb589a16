using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Roundtable.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>
/// A body over a limit (Limits:MaxRequestBodyBytes, 8 MB, or an action's own) is answered 413, as a page for a form and
/// as problem details for /api, and logged; on a real Kestrel, since the test server does not enforce Kestrel's limits.
/// </summary>
public sealed class RequestSizeTests(RequestSizeTests.LoggedKestrelApp app) : IClassFixture<RequestSizeTests.LoggedKestrelApp>
{
    /// <summary>The app on a real port, keeping what it logs.</summary>
    public sealed class LoggedKestrelApp : KestrelAppFactory
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(new Kept(Log)));
        }

        private sealed class Kept(System.Collections.Concurrent.ConcurrentQueue<string> log) : ILoggerProvider, ILogger
        {
            public ILogger CreateLogger(string categoryName) => this;
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            public void Dispose() { }
        }
    }

    private const int MB = 1024 * 1024;

    private async Task<WebSession> OrganizerAsync()
    {
        await app.CreateUserAsync("org-size@tests.example.org", Roles.Organizer);
        // Like curl with a large body, the client waits for the server's go-ahead (Expect: 100-continue), so it reads the
        // 413 instead of losing it while still sending.
        var web = new WebSession(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri(app.BaseUrl), DefaultRequestHeaders = { ExpectContinue = true },
        });
        await web.SignInAsync("org-size@tests.example.org", AppFactory.Password);
        return web;
    }

    private static async Task<string> TokenAsync(WebSession web, string page) =>
        ((AngleSharp.Html.Dom.IHtmlInputElement)(await web.GetPageAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")!).Value;

    private async Task<HttpResponseMessage> SendAsync(Task<HttpResponseMessage> sending)
    {
        try
        {
            return await sending;
        }
        catch (HttpRequestException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}; the app logged:\n{string.Join("\n", app.Log)}");
        }
    }

    private async Task AssertTooLargePageAsync(Task<HttpResponseMessage> sending)
    {
        var response = await SendAsync(sending);
        Assert.True(HttpStatusCode.RequestEntityTooLarge == response.StatusCode, string.Join("\n", app.Log));
        Assert.True("text/html" == response.Content.Headers.ContentType?.MediaType, $"{response.Headers} {response.Content.Headers} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("too large", await response.Content.ReadAsStringAsync());
        Assert.Contains(app.Log, l => l.StartsWith("Warning: Refused POST", StringComparison.Ordinal) && l.Contains("with 413"));
    }

    [Fact]
    public async Task A_3_MB_file_sent_to_the_import_preview_gets_a_413_page()
    {
        using var web = await OrganizerAsync();
        var token = await TokenAsync(web, "/people/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("full_name,email\n" + new string('x', 3 * MB))) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "people.csv" },
        };
        await AssertTooLargePageAsync(web.Client.PostAsync("/people/import/preview", form));
    }

    [Fact]
    public async Task A_5_MB_pasted_import_is_read_and_answered_on_the_import_page()
    {
        using var web = await OrganizerAsync();
        var token = await TokenAsync(web, "/people/import");
        var rows = string.Concat(Enumerable.Range(0, 5 * MB / 48).Select(i => $"Person Number{i:000000},person{i:000000}@many.example.org\n"));
        var body = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("csvText", "full_name,email\n" + rows)]);
        var response = await SendAsync(web.Client.PostAsync("/people/import", body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("more than 5000 rows", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(31)]
    public async Task A_large_pasted_import_gets_a_413_page(int megabytes)
    {
        using var web = await OrganizerAsync();
        var token = await TokenAsync(web, "/people/import");
        var body = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("csvText", "full_name\n" + new string('x', megabytes * MB))]);
        await AssertTooLargePageAsync(web.Client.PostAsync("/people/import", body));
    }

    [Fact]
    public async Task A_29_MB_roundtable_edit_gets_a_413_page()
    {
        using var web = await OrganizerAsync();
        var organizer = await app.CreateUserAsync("org-size@tests.example.org", Roles.Organizer);
        var id = await app.RoundtableAsync(organizer, "Size");
        var token = await TokenAsync(web, $"/roundtables/{id}/edit");
        var body = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("Title", "Size"), KeyValuePair.Create("Purpose", new string('x', 29 * MB))]);
        await AssertTooLargePageAsync(web.Client.PostAsync($"/roundtables/{id}/edit", body));
    }

    [Fact]
    public async Task A_31_MB_api_body_gets_413_problem_details()
    {
        using var web = await OrganizerAsync();
        var content = new StringContent("{\"title\":\"" + new string('x', 31 * MB) + "\"}", Encoding.UTF8, "application/json");
        var response = await SendAsync(web.Client.PostAsync("/api/roundtables", content));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> RawAsync(string head, string body)
    {
        var organizer = await app.CreateUserAsync("org-raw@tests.example.org", Roles.Organizer);
        var token = await app.TokenAsync(organizer);
        using var tcp = new System.Net.Sockets.TcpClient();
        var url = new Uri(app.BaseUrl);
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/roundtables HTTP/1.1\r\nHost: {url.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n" +
            $"Connection: close\r\n{head}\r\n{body}"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task A_body_kestrel_cannot_read_gets_a_400_not_a_500()
    {
        // A chunk size that is not a number: Kestrel refuses the body while the action reads it. (The same happens at the
        // end of a load test, when the client goes away in the middle of a body; that was logged as the app's error.)
        var answer = await RawAsync("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Log, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("chunk", StringComparison.OrdinalIgnoreCase));
    }
}
