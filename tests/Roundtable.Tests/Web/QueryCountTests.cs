using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Demo;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Web;

/// <summary>The app counting its SQL statements per request (<c>Database:CountStatements</c>), with two generated roundtables: one small, one with twenty times the rows.</summary>
public sealed class QueryCountApp : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:CountStatements"] = "true" };

    private readonly SemaphoreSlim once = new(1, 1);
    private Data? data;

    public sealed record Roundtable(long Id, long Presentation, long SavePresentation, long Statement, string Rsvp);

    public sealed record Data(Roundtable Few, Roundtable Many, string Token);

    public const string Organizer = "counted@queries.example.org";

    public async Task<Data> DataAsync()
    {
        await once.WaitAsync();
        try
        {
            return data ??= await SeedAsync();
        }
        finally
        {
            once.Release();
        }
    }

    private async Task<Data> SeedAsync()
    {
        var organizer = await CreateUserAsync(Organizer, Roles.Organizer);
        async Task<Roundtable> GenerateAsync(LargeRoundtableSize size, string title)
        {
            var generated = await Run<SeedLargeRoundtable, SeedLargeRoundtable.Generated>(g => g.HandleAsync(organizer, size, CancellationToken.None, title));
            var rt = (await Run<GetRoundtable, GetRoundtable.Row?>(g => g.HandleAsync(generated.RoundtableId, CancellationToken.None)))!;
            var token = Services.GetRequiredService<RsvpTokens>().Create(generated.ParticipationIds[^1], RsvpTokens.ExpiryOf(rt).AddYears(1));
            await using var conn = await Db.OpenAsync();
            var statement = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT MAX(id) FROM statements WHERE presentation_id = @p", new { p = generated.PresentationIds[^1] });
            return new Roundtable(generated.RoundtableId, generated.PresentationIds[0], generated.PresentationIds[^1], statement, "/rsvp/" + token);
        }
        // Few rows, and twenty times as many: every page must run the same statements for both.
        var few = await GenerateAsync(new LargeRoundtableSize(Participants: 3, Presentations: 2, StatementsPerPresentation: 3, Editions: 1), "Few rows");
        var many = await GenerateAsync(new LargeRoundtableSize(Participants: 60, Presentations: 6, StatementsPerPresentation: 60, Editions: 2), "Many rows");
        return new Data(few, many, await this.TokenAsync(organizer, "query counts"));
    }
}

/// <summary>
/// N+1 guards: a page's SQL statements do not grow with the rows it shows. Each page is requested on a roundtable with
/// 3 participants and 3 statements a presentation and on one with 60 of each (and three times the presentations), and
/// must run exactly as many statements on both. A failure lists both requests' statements.
/// </summary>
public sealed class QueryCountTests(QueryCountApp app) : IClassFixture<QueryCountApp>
{
    public static TheoryData<string> Pages =>
    [
        "roundtable list", "overview", "participants", "agenda", "proceedings list", "proceedings workspace", "proceedings preview",
        "report page", "edition page", "invitations", "RSVP page",
    ];

    private static string PathOf(string page, QueryCountApp.Roundtable rt) => page switch
    {
        "roundtable list" => "/roundtables",
        "overview" => $"/roundtables/{rt.Id}",
        "participants" => $"/roundtables/{rt.Id}/participants",
        "agenda" => $"/roundtables/{rt.Id}/agenda",
        "proceedings list" => $"/roundtables/{rt.Id}/proceedings",
        "proceedings workspace" => $"/roundtables/{rt.Id}/proceedings/{rt.Presentation}",
        "proceedings preview" => $"/roundtables/{rt.Id}/proceedings/preview",
        "report page" => $"/roundtables/{rt.Id}/report",
        "edition page" => $"/roundtables/{rt.Id}/report/editions/1",
        "invitations" => $"/roundtables/{rt.Id}/invitations",
        "RSVP page" => rt.Rsvp,
        _ => throw new ArgumentOutOfRangeException(nameof(page)),
    };

    [Theory, MemberData(nameof(Pages))]
    public async Task A_page_runs_the_same_statements_for_few_rows_and_for_many(string page)
    {
        var data = await app.DataAsync();
        using var session = await app.SignInAsync(QueryCountApp.Organizer);
        var few = await CountAsync(session.Client, HttpMethod.Get, PathOf(page, data.Few));
        var many = await CountAsync(session.Client, HttpMethod.Get, PathOf(page, data.Many));
        AssertSame(page, few, many);
    }

    [Theory, InlineData("POST"), InlineData("PUT")]
    public async Task Saving_a_statement_runs_the_same_statements_for_few_rows_and_for_many(string method)
    {
        var data = await app.DataAsync();
        using var client = app.BearerClient(data.Token);
        // The token's first use of the minute writes when it was used: not part of what is compared.
        (await client.GetAsync($"/api/roundtables/{data.Few.Id}")).EnsureSuccessStatusCode();
        async Task<Counted> SaveAsync(QueryCountApp.Roundtable rt)
        {
            var path = $"/api/roundtables/{rt.Id}/presentations/{rt.SavePresentation}/proceedings/statements";
            long? revision = null;
            if (method == "PUT")
            {
                await using var conn = await app.Db.OpenAsync();
                revision = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT revision FROM statements WHERE id = @id", new { id = rt.Statement });
            }
            return await CountAsync(client, new HttpMethod(method), method == "PUT" ? path + "/" + rt.Statement : path,
                JsonContent.Create(new { kind = "remark", text = "Counted " + Guid.NewGuid().ToString("N"), revision }));
        }
        AssertSame("statement " + method, await SaveAsync(data.Few), await SaveAsync(data.Many));
    }

    private sealed record Counted(string Request, int Count, IReadOnlyList<string> Statements);

    private async Task<Counted> CountAsync(HttpClient client, HttpMethod method, string path, HttpContent? body = null)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = body });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 1000)]}");
        Assert.True(response.Headers.TryGetValues(SqlStatementCount.Header, out var values), $"{method} {path} has no {SqlStatementCount.Header} header");
        var request = $"{method} {path}";
        var statements = app.Services.GetRequiredService<SqlStatementLog>().Last(request) ?? [];
        return new Counted(request, int.Parse(values.Single()), statements);
    }

    private static void AssertSame(string page, Counted few, Counted many)
    {
        Assert.True(few.Count > 0, $"{page}: no statements counted");
        Assert.True(few.Count == many.Count,
            $"{page}: {few.Count} statements with few rows, {many.Count} with many.\n--- {few.Request}\n{string.Join("\n", few.Statements)}\n--- {many.Request}\n{string.Join("\n", many.Statements)}");
    }
}
