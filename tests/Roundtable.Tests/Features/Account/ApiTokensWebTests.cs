using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Account;

/// <summary>The API tokens page: a token is shown once, kept only as its SHA-256, listed, used and revoked.</summary>
public sealed class ApiTokensWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed class TokenRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string TokenHash { get; init; } = "";
        public string Prefix { get; init; } = "";
        public DateTime? ExpiresAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
        public DateTime? RevokedAt { get; init; }
    }

    private async Task<List<TokenRow>> RowsAsync(long userId)
    {
        await using var conn = await app.Db.OpenAsync();
        return (await conn.QueryAsync<TokenRow>("SELECT id, name, token_hash, prefix, expires_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = @userId ORDER BY id", new { userId })).AsList();
    }

    [Fact]
    public async Task A_token_is_shown_once_kept_hashed_used_as_a_bearer_and_revoked()
    {
        var userId = await app.CreateUserAsync("tokens@tokens.example.org", Roles.Organizer);
        using var web = await app.SignInAsync("tokens@tokens.example.org");

        var response = await web.PostFormAsync("/account/tokens", "/account/tokens", new() { ["Form.Name"] = "Quarterly script", ["Form.ExpiresOn"] = "2199-12-31" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var page = await WebSession.ParseAsync(response);
        var token = page.QuerySelector("#token-value")!.GetAttribute("value")!;
        Assert.StartsWith("rt_", token);
        Assert.True(token.Length >= 40, token);

        var row = Assert.Single(await RowsAsync(userId));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), row.TokenHash);
        Assert.Equal(token[..10], row.Prefix);
        Assert.Equal(new DateTime(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc), row.ExpiresAt);
        await using (var conn = await app.Db.OpenAsync())
        {
            // The secret is nowhere in the table, in any column.
            var texts = await conn.QueryAsync<string>("SELECT name || ' ' || token_hash || ' ' || prefix FROM api_tokens");
            Assert.DoesNotContain(texts, t => t.Contains(token, StringComparison.Ordinal) || t.Contains(token[10..], StringComparison.Ordinal));
        }

        // Shown once: the list shows its name and beginning, never the token again.
        var list = await web.GetPageAsync("/account/tokens");
        Assert.Null(list.QuerySelector("#token-value"));
        Assert.DoesNotContain(token, list.Body!.OuterHtml, StringComparison.Ordinal);
        var listed = Assert.Single(list.QuerySelectorAll("#tokens tbody tr"));
        Assert.Contains("Quarterly script", listed.TextContent);
        Assert.Contains(token[..10], listed.TextContent);
        Assert.Contains("2199-12-31", listed.TextContent);
        Assert.Contains("never", listed.TextContent);

        using var script = app.BearerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/roundtables")).StatusCode);
        Assert.NotNull(Assert.Single(await RowsAsync(userId)).LastUsedAt);
        // A token opens the API, not the pages.
        Assert.Equal(HttpStatusCode.Redirect, (await script.GetAsync("/roundtables")).StatusCode);

        var revoked = await web.SubmitAsync("/account/tokens", $"/account/tokens/{row.Id}/revoke", []);
        Assert.Contains("revoked", revoked.QuerySelector("#tokens tbody tr")!.TextContent);
        Assert.NotNull(Assert.Single(await RowsAsync(userId)).RevokedAt);
        var refused = await script.GetAsync("/api/roundtables");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync());

        await using (var conn = await app.Db.OpenAsync())
        {
            var actions = (await conn.QueryAsync<string>("SELECT action FROM audit_events WHERE user_id = @userId ORDER BY id", new { userId })).AsList();
            Assert.Contains("API token created", actions);
            Assert.Contains("API token revoked", actions);
        }
    }

    [Fact]
    public async Task A_token_without_a_name_or_with_a_past_last_day_is_refused_and_nothing_is_kept()
    {
        var userId = await app.CreateUserAsync("refused@tokens.example.org", Roles.Rapporteur);
        using var web = await app.SignInAsync("refused@tokens.example.org");

        var noName = await WebSession.ParseAsync(await web.PostFormAsync("/account/tokens", "/account/tokens", new() { ["Form.Name"] = "  " }));
        Assert.Null(noName.QuerySelector("#token-value"));
        Assert.Contains("Name the token", noName.Body!.TextContent);

        var past = await WebSession.ParseAsync(await web.PostFormAsync("/account/tokens", "/account/tokens", new() { ["Form.Name"] = "Old", ["Form.ExpiresOn"] = "2020-01-01" }));
        Assert.Null(past.QuerySelector("#token-value"));
        Assert.Contains("today or later", past.Body!.TextContent);
        Assert.Empty(await RowsAsync(userId));

        // A rapporteur may have a token too; it carries a rapporteur's rights.
        var made = await WebSession.ParseAsync(await web.PostFormAsync("/account/tokens", "/account/tokens", new() { ["Form.Name"] = "Notes" }));
        using var script = app.BearerClient(made.QuerySelector("#token-value")!.GetAttribute("value")!);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsync("/api/people", JsonContent.Create(new { fullName = "Not Allowed" }))).StatusCode);

        // Someone else's token cannot be revoked from this account; without the antiforgery token nothing is revoked either.
        var other = await app.CreateUserAsync("other@tokens.example.org", Roles.Organizer);
        var otherToken = await app.TokenAsync(other);
        var otherId = Assert.Single(await RowsAsync(other)).Id;
        Assert.Equal(HttpStatusCode.NotFound, (await web.PostFormAsync("/account/tokens", $"/account/tokens/{otherId}/revoke", [])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await web.Client.PostAsync($"/account/tokens/{Assert.Single(await RowsAsync(userId)).Id}/revoke", null)).StatusCode);
        Assert.Null(Assert.Single(await RowsAsync(userId)).RevokedAt);
        using var otherScript = app.BearerClient(otherToken);
        Assert.Equal(HttpStatusCode.OK, (await otherScript.GetAsync("/api/roundtables")).StatusCode);
    }
}
