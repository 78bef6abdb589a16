using System.Net.Http.Headers;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Support;

/// <summary>Personal API tokens for tests, made by the app's own use case, and clients that send them.</summary>
public static class ApiTokens
{
    public static async Task<string> TokenAsync(this AppFactory app, long userId, string name = "test script", DateOnly? expiresOn = null)
    {
        var result = await app.Run<CreateApiToken, Result<NewApiToken>>(c => c.HandleAsync(userId, new ApiTokenForm { Name = name, ExpiresOn = expiresOn }, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!.Token;
    }

    /// <summary>A client with no cookie at all: only the bearer token.</summary>
    public static HttpClient BearerClient(this AppFactory app, string token)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
