using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;
using Xunit.Abstractions;

namespace Roundtable.Tests.Features.Mailings;

/// <summary>
/// The proof of issue 7: three processes of the built app on one PostgreSQL database, each serving requests and
/// running Hangfire workers, deliver a 2,000-recipient mail-out into a loopback SMTP server; one of them is killed
/// with SIGKILL half-way. Every recipient gets exactly one message, except those the killed node had in flight,
/// who may get theirs twice with the same Message-ID.
/// </summary>
public sealed class ThreeNodeMailingTests(ITestOutputHelper output)
{
    private const int Recipients = 2000;
    private const int Connections = 2;
    private const int BatchSize = 10;
    private const string Organizer = "organizer@nodes.example.org";

    [PostgresFact]
    [Trait("Category", PostgresFactAttribute.Category)]
    public async Task Three_nodes_deliver_a_mail_out_exactly_once_even_when_one_is_killed_midway()
    {
        PostgresFactAttribute.RequirePostgres();
        var database = TestDatabase.CreatePostgres();
        await using var smtp = new SmtpTestServer { Delay = TimeSpan.FromMilliseconds(30) };
        var nodes = new List<Node>();
        try
        {
            // All three start at once: migrations, Hangfire's schema and the first key are made by one, found by the others.
            nodes.AddRange(Enumerable.Range(1, 3).Select(n => Node.Start(n, database, smtp.Port)));
            await Task.WhenAll(nodes.Select(n => n.WaitUntilServingAsync()));
            var roundtableId = await SeedAsync(database);

            // A load balancer: one cookie jar, requests spread over the nodes.
            var cookies = new CookieContainer();
            HttpClient Client(Node n) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = n.Url, Timeout = TimeSpan.FromMinutes(2) };
            using var web1 = new WebSession(Client(nodes[0]));
            using var web2 = new WebSession(Client(nodes[1]));
            await web1.SignInAsync(Organizer, AppFactory.Password);
            // The form comes from node 1, the post goes to node 2: antiforgery token and cookie are read there.
            var everyone = (await ParticipationsAsync(database, roundtableId)).Select(id => KeyValuePair.Create("participationIds", id.ToString(CultureInfo.InvariantCulture)));
            var mailing = await web2.SubmitAsync($"/roundtables/{roundtableId}/invitations", $"/roundtables/{roundtableId}/invitations/send", [], everyone);
            Assert.Contains($"{Recipients} invitations queued", mailing.QuerySelector(".flash")!.TextContent);
            var progressUrl = mailing.QuerySelector("[data-progress-url]")!.GetAttribute("data-progress-url")!;
            var mailingId = long.Parse(progressUrl.Split('/')[^2], CultureInfo.InvariantCulture);

            // Wait until the three nodes hold claims at the same moment, and the victim is in the middle of a batch.
            var victim = nodes[2];
            var seen = new HashSet<int>();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    Assert.Fail($"The nodes never all sent at once (seen: {string.Join(", ", seen)}; received {smtp.Received.Count}).{Logs(nodes)}");
                }
                var holders = await HoldersAsync(database, mailingId, nodes);
                seen.UnionWith(holders);
                if (seen.Count == 3 && holders.Contains(victim.Number) && smtp.Received.Count >= Recipients / 5)
                {
                    break;
                }
                await Task.Delay(20);
            }
            victim.Kill();
            var receivedAtKill = smtp.Received.Count;
            var inFlight = await InFlightAsync(database, victim);
            output.WriteLine($"Killed node {victim.Number} (pid {victim.Pid}) after {receivedAtKill} messages; it held {inFlight.Count} rows.");
            Assert.InRange(receivedAtKill, 1, Recipients - 1);
            // Each connection holds the batch it sends and the next, claimed while the last one was recorded.
            Assert.InRange(inFlight.Count, 1, 2 * Connections * BatchSize);

            // The two survivors finish; the sweeper takes back the dead node's rows once their lease runs out.
            await WaitAsync(async () => (await CountsAsync(database, mailingId)).GetValueOrDefault("sent") == Recipients, TimeSpan.FromMinutes(3),
                async () => $"Outbox: {string.Join(", ", (await CountsAsync(database, mailingId)).Select(c => $"{c.Key} {c.Value}"))}; received {smtp.Received.Count}.{Logs(nodes)}");

            var byRecipient = smtp.Received.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(Recipients, byRecipient.Count);
            foreach (var (address, messages) in byRecipient)
            {
                if (messages.Count == 1)
                {
                    continue;
                }
                Assert.True(inFlight.TryGetValue(address, out var messageId), $"{address} got {messages.Count} messages but was not in flight on the killed node.");
                Assert.Equal(2, messages.Count);
                Assert.All(messages, m => Assert.Equal(messageId, m.MessageId));
            }
            var twice = byRecipient.Count(r => r.Value.Count > 1);
            output.WriteLine($"{smtp.Received.Count} messages for {Recipients} recipients; {twice} sent twice, all of them in flight on the killed node.");
            Assert.Equal(Recipients + twice, smtp.Received.Count);
            Assert.All(inFlight, f => Assert.Contains(byRecipient[f.Key], m => m.MessageId == f.Value));

            // Node 2 reports the mail-out finished to the cookie node 1 signed.
            var progress = await web2.Client.GetFromJsonAsync<Dictionary<string, object>>(progressUrl);
            Assert.Equal(Recipients.ToString(CultureInfo.InvariantCulture), progress!["sent"].ToString());
            Assert.Equal("True", progress["finished"].ToString(), ignoreCase: true);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
            foreach (var node in nodes)
            {
                output.WriteLine($"--- node {node.Number} ---{Environment.NewLine}{node.Log}");
            }
            NpgsqlConnection.ClearAllPools();
            TestDatabase.DropPostgres(database);
        }
    }

    /// <summary>An organizer, a roundtable six weeks ahead, and 2,000 people to invite.</summary>
    private static async Task<long> SeedAsync(string database)
    {
        var env = new HostingEnvironment { ContentRootPath = Path.GetTempPath() };
        await using var db = new Db(new DatabaseSettings { Provider = "Postgres", ConnectionString = database }, env);
        var account = await new CreateAccount(db, TimeProvider.System, new PasswordHasher<UserAccount>()).HandleAsync(new AccountForm
        {
            Email = Organizer, DisplayName = "Nodes Organizer", Role = Roles.Organizer, Password = AppFactory.Password,
        }, CancellationToken.None);
        Assert.True(account.Ok);
        var roundtableId = await new CreateRoundtable(db, TimeProvider.System).HandleAsync(new RoundtableForm
        {
            Title = "Three Nodes", StartDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(42), StartTime = new TimeOnly(9, 0),
            EndTime = new TimeOnly(17, 0), TimeZone = "Europe/London", Venue = "Node Hall",
        }, account.Value, CancellationToken.None);
        await using var conn = await db.OpenAsync();
        await conn.ExecuteAsync("""
            INSERT INTO people (full_name, name_in_print, surname, sort_name, email, email_normalized, created_at, updated_at)
            SELECT 'Recipient ' || n, 'Recipient ' || n, 'Recipient', 'Recipient, ' || n,
                   'r' || LPAD(n::text, 4, '0') || '@nodes.example.org', 'R' || LPAD(n::text, 4, '0') || '@NODES.EXAMPLE.ORG', now(), now()
            FROM generate_series(1, @Recipients) AS n
            """, new { Recipients });
        await conn.ExecuteAsync("""
            INSERT INTO participations (roundtable_id, person_id, may_be_named, invitation_status, created_at)
            SELECT @roundtableId, id, TRUE, 'not_invited', now() FROM people WHERE email LIKE '%@nodes.example.org'
            """, new { roundtableId });
        await conn.ExecuteAsync("""
            INSERT INTO participation_roles (participation_id, role) SELECT id, 'participant' FROM participations WHERE roundtable_id = @roundtableId
            """, new { roundtableId });
        return roundtableId;
    }

    private static async Task<List<long>> ParticipationsAsync(string database, long roundtableId)
    {
        await using var conn = new NpgsqlConnection(database);
        return (await conn.QueryAsync<long>("SELECT id FROM participations WHERE roundtable_id = @roundtableId ORDER BY id", new { roundtableId })).AsList();
    }

    /// <summary>Which nodes hold 'sending' rows right now, read from the claim tokens ("host/pid/random").</summary>
    private static async Task<HashSet<int>> HoldersAsync(string database, long mailingId, IReadOnlyList<Node> nodes)
    {
        await using var conn = new NpgsqlConnection(database);
        var tokens = await conn.QueryAsync<string>("SELECT DISTINCT claim_token FROM outbox WHERE mailing_id = @mailingId AND status = 'sending'", new { mailingId });
        return nodes.Where(n => tokens.Any(t => t.StartsWith(n.TokenPrefix, StringComparison.Ordinal))).Select(n => n.Number).ToHashSet();
    }

    /// <summary>The rows the killed node had claimed and not recorded: address → Message-ID.</summary>
    private static async Task<Dictionary<string, string>> InFlightAsync(string database, Node node)
    {
        await using var conn = new NpgsqlConnection(database);
        return (await conn.QueryAsync<(string Address, string MessageId)>(
                "SELECT address, message_id FROM outbox WHERE status = 'sending' AND claim_token LIKE @prefix",
                new { prefix = node.TokenPrefix + "%" }))
            .ToDictionary(r => r.Address, r => r.MessageId);
    }

    private static async Task<Dictionary<string, long>> CountsAsync(string database, long mailingId)
    {
        await using var conn = new NpgsqlConnection(database);
        return (await conn.QueryAsync<(string Status, long N)>("SELECT status, COUNT(*) FROM outbox WHERE mailing_id = @mailingId GROUP BY status", new { mailingId }))
            .ToDictionary(r => r.Status, r => r.N);
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, Func<Task<string>> explain)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow >= until)
            {
                Assert.Fail(await explain());
            }
            await Task.Delay(250);
        }
    }

    private static string Logs(IEnumerable<Node> nodes) =>
        string.Concat(nodes.Select(n => $"{Environment.NewLine}--- node {n.Number} ---{Environment.NewLine}{Tail(n.Log)}"));

    private static string Tail(string s) => s.Length > 3000 ? s[^3000..] : s;

    /// <summary>One app process: the built Roundtable.Web.dll started with dotnet, configured by environment variables.</summary>
    private sealed class Node : IDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<string> log = new();

        private Node(int number, Process process, Uri url)
        {
            Number = number;
            this.process = process;
            Url = url;
            Pid = process.Id;
        }

        public int Number { get; }

        public int Pid { get; }

        public Uri Url { get; }

        public string TokenPrefix => $"{Environment.MachineName}/{Pid}/";

        public string Log => string.Join(Environment.NewLine, log);

        public static Node Start(int number, string database, int smtpPort)
        {
            var app = BuiltApp();
            var url = new Uri($"http://127.0.0.1:{SmtpTestServer.FreePort()}");
            var start = new ProcessStartInfo("dotnet", [app])
            {
                WorkingDirectory = Path.GetDirectoryName(app)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var env = start.Environment;
            env["ASPNETCORE_ENVIRONMENT"] = "Production";
            env["ASPNETCORE_URLS"] = url.ToString();
            env["DOTNET_NOLOGO"] = "1";
            env["Logging__LogLevel__Default"] = "Warning";
            env["Database__Provider"] = "Postgres";
            env["Database__ConnectionString"] = database;
            env["Mail__Host"] = "127.0.0.1";
            env["Mail__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
            env["Mail__Security"] = "None";
            env["Mail__From"] = "invitations@nodes.example.org";
            env["Mail__PublicBaseUrl"] = url.ToString();
            env["Mail__Connections"] = Connections.ToString(CultureInfo.InvariantCulture);
            env["Mail__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture);
            env["Mail__DeliveryJobs"] = "3";
            // A short lease, so the dead node's rows come back within the test; the survivors renew theirs.
            env["Mail__ClaimSeconds"] = "6";
            // One worker a node: the three delivery runs cannot all land on one node.
            env["Jobs__WorkerCount"] = "1";
            var process = Process.Start(start)!;
            var node = new Node(number, process, url);
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { node.log.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { node.log.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return node;
        }

        public async Task WaitUntilServingAsync()
        {
            using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                Assert.False(process.HasExited, $"Node {Number} exited with {(process.HasExited ? process.ExitCode : 0)}.{Environment.NewLine}{Log}");
                Assert.True(DateTime.UtcNow < until, $"Node {Number} did not answer within two minutes.{Environment.NewLine}{Log}");
                try
                {
                    if ((await client.GetAsync("/account/login")).StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(200);
            }
        }

        /// <summary>kill -9: Process.Kill sends SIGKILL on Linux, so nothing in the app gets to clean up.</summary>
        public void Kill()
        {
            process.Kill();
            process.WaitForExit();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }

        /// <summary>The app as built beside the tests: src/Roundtable.Web/bin/&lt;configuration&gt;/net10.0/Roundtable.Web.dll.</summary>
        private static string BuiltApp()
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var root = testBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Roundtable.sln")))
            {
                root = root.Parent;
            }
            Assert.NotNull(root);
            var app = Path.Combine(root.FullName, "src", "Roundtable.Web", "bin", configuration, testBin.Name, "Roundtable.Web.dll");
            Assert.True(File.Exists(app), $"The built app is not at {app}; build the solution first.");
            return app;
        }
    }
}
