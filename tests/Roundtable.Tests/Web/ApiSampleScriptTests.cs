using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>The README's client sample, tools/api-sample.sh (bash, curl, jq), run against the app on a real port with a token only.</summary>
public sealed class ApiSampleScriptTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task The_sample_script_creates_a_roundtable_and_publishes_its_report_with_a_token_only()
    {
        var organizer = await app.CreateUserAsync("sample@script.example.org", Roles.Organizer);
        var token = await app.TokenAsync(organizer, "api-sample.sh");
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Roundtable.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var start = new ProcessStartInfo("bash", [Path.Combine(root.FullName, "tools", "api-sample.sh")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ROUNDTABLE_URL"] = app.BaseUrl;
        start.Environment["ROUNDTABLE_TOKEN"] = token;
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(3)), "The sample script did not finish in 3 minutes.");
        Assert.True(script.ExitCode == 0, $"The sample script failed ({script.ExitCode}): {await output}\n{await errors}");
        var said = await output;
        Assert.Contains("published edition 1 of roundtable", said);

        // What the script said it did is what the app holds: the published edition, read back with the same token.
        var rid = long.Parse(said.Split('\n').First(l => l.StartsWith("roundtable ", StringComparison.Ordinal))["roundtable ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var editions = JsonDocument.Parse(await api.GetStringAsync($"/api/roundtables/{rid}/report/editions")).RootElement;
        var edition = Assert.Single(editions.EnumerateArray());
        Assert.True(edition.GetProperty("isPublished").GetBoolean());
        Assert.Empty(edition.GetProperty("warnings").EnumerateArray());
        var html = await api.GetStringAsync($"/api/roundtables/{rid}/report/editions/1/html");
        Assert.Contains("Summary of the Day", html);
        Assert.Contains("Who pays for the new ports?", html);
        // Without the token the API asks for one.
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/roundtables/{rid}/report/editions")).StatusCode);
    }
}
