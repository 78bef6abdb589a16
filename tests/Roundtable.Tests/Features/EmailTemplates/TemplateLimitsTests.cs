using System.Diagnostics;
using System.Net.Http.Json;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.EmailTemplates;

/// <summary>
/// A template is bounded in steps, in the texts and lists it makes, in what it writes and in time: a template that
/// grows without end is answered with a clear error within seconds, not with minutes of work and an out-of-memory.
/// </summary>
public sealed class TemplateLimitsTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private const string Ten = "{% assign s = \"xxxxxxxxxx\" %}";

    public static TheoryData<string> Bombs => new()
    {
        // append doubles a text forty times: a terabyte.
        Ten + "{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}",
        // the same without a filter.
        Ten + "{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s }}",
        // a text below the limit written 90,000 times (60 GB), once straight out and once into a capture.
        Ten + "{% for i in (1..16) %}{% assign s = s | append: s %}{% endfor %}{% for i in (1..90000) %}{{ s }}{% endfor %}",
        Ten + "{% for i in (1..16) %}{% assign s = s | append: s %}{% endfor %}{% capture t %}{% for i in (1..90000) %}{{ s }}{% endfor %}{% endcapture %}{{ t.size }}",
        // a list that doubles.
        "{% assign a = \"x,y\" | split: \",\" %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a.size }}",
        // a range is a list too, in a loop as well.
        "{% assign a = (1..100000000) %}{{ a.size }}",
        "{% for i in (1..100000000) %}x{% endfor %}",
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_template_that_grows_without_end_is_answered_with_a_clear_error_within_seconds(string bomb)
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Bomb" + (uint)bomb.GetHashCode(StringComparison.Ordinal), 1);
        using var web = await app.SignInAsync($"org-bomb{(uint)bomb.GetHashCode(StringComparison.Ordinal)}@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/invitation";
        var clock = Stopwatch.StartNew();
        var response = await web.PostFormAsync(url, url + "/preview", EmailTemplatesWebTests.Form("Invitation", text: bomb));
        var preview = await response.Content.ReadFromJsonAsync<PreviewJson>();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var error = Assert.Single(preview!.Errors);
        Assert.Matches(@"^The template does not render: .*(longer than 1,000,000 characters|more than 1,000,000 characters|more than 10,000 items|more than 100,000 numbers|longer than 2 seconds)", error);
        Assert.Null(preview.Text);
    }

    [Theory]
    [InlineData("{% include 'header' %}", "include")]
    [InlineData("{% render 'header' %}", "render")]
    public async Task Include_and_render_are_refused_at_save_with_a_clear_message(string tag, string name)
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Include" + name, 1);
        using var web = await app.SignInAsync($"org-include{name}@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/invitation";
        var errors = await EmailTemplatesWebTests.RefusalAsync(web, url, EmailTemplatesWebTests.Form("Invitation", html: "<p>Hello</p>" + tag));
        Assert.Contains($"HTML part: {{% {name} %}} is not available", errors);
    }

    private sealed record PreviewJson(string[] Errors, string? Subject, string? Text, string? Recipient);
}
