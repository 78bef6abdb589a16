using System.Net;
using System.Net.Http.Json;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Roundtable.Tests.Support;

/// <summary>A signed-in (or anonymous) browser-like client: GET pages, POST forms with the antiforgery token read from the page.</summary>
public sealed class WebSession(HttpClient client) : IDisposable
{
    private static readonly IBrowsingContext Parser = BrowsingContext.New(Configuration.Default);

    public HttpClient Client => client;

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/account/login", "/account/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<IDocument> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}. {Shorten(html)}");
        return await Parser.OpenAsync(req => req.Content(html));
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.OpenAsync(req => req.Content(response.Content.ReadAsStringAsync().Result));

    /// <summary>GETs <paramref name="formPage"/>, takes the antiforgery token from it, and POSTs the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields, IEnumerable<KeyValuePair<string, string>>? repeated = null)
    {
        var page = await GetPageAsync(formPage);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement
            ?? throw new InvalidOperationException($"{formPage} has no antiforgery token.");
        var all = fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Concat(repeated ?? []).Append(KeyValuePair.Create("__RequestVerificationToken", token.Value));
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts a form and follows the redirect, returning the page the user lands on.</summary>
    public async Task<IDocument> SubmitAsync(string formPage, string action, Dictionary<string, string> fields, IEnumerable<KeyValuePair<string, string>>? repeated = null)
    {
        var response = await PostFormAsync(formPage, action, fields, repeated);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {action}: expected a redirect, got {(int)response.StatusCode}. {Shorten(await response.Content.ReadAsStringAsync())}");
        return await GetPageAsync(response.Headers.Location!.OriginalString);
    }

    public Task<HttpResponseMessage> PostJsonAsync<T>(string url, T body) => client.PostAsJsonAsync(url, body);

    public Task<HttpResponseMessage> PutJsonAsync<T>(string url, T body) => client.PutAsJsonAsync(url, body);

    private static string Shorten(string s) => s.Length > 1500 ? s[..1500] : s;

    public void Dispose() => client.Dispose();
}
