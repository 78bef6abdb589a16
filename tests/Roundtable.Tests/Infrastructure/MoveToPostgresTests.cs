using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Infrastructure;

/// <summary>
/// An installation on SQLite, whatever database the suite runs on: the demo (seeded as in Development) and a larger
/// generated roundtable, in a file with its keys folder beside it.
/// </summary>
public sealed class MoveSourceApp : AppFactory
{
    public const string DemoPassword = "demo-password-for-tests";

    protected override string EnvironmentName => "Development";

    public string SqliteFile => Path.Combine(Folder, "roundtable.db");

    public string KeysFolder => Path.Combine(Folder, "keys");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = $"Data Source={SqliteFile}",
        ["DataProtection:Store"] = "FileSystem",
        ["Demo:Seed"] = "true",
        ["Demo:Password"] = DemoPassword,
    };
}

/// <summary>The app started on a PostgreSQL database the move made.</summary>
public sealed class MovedApp(string connectionString) : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = connectionString,
    };
}

/// <summary>
/// <c>move-to-postgres</c>: they need a PostgreSQL server beside the SQLite source, so they run in the PostgreSQL pass
/// (.ci/run's SQLite pass has no server address) and are listed as skipped in the SQLite one.
/// </summary>
public sealed class MoveToPostgresTests(MoveSourceApp source) : IClassFixture<MoveSourceApp>
{
    private static async Task<(int Code, string Out, string Error)> MoveAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AppCommands.RunAsync(["move-to-postgres", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// The command as an operator runs it: the app's own executable in a process of its own (nothing this test process
    /// has set up, such as Dapper's mapping, is there to help it).
    /// </summary>
    private static async Task<(int Code, string Out, string Error)> MoveInItsOwnProcessAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Roundtable.Web.dll"), "move-to-postgres" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static async Task<List<string>> TablesAsync(string pg)
    {
        await using var conn = new NpgsqlConnection(pg);
        return (await conn.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).AsList();
    }

    /// <summary>The public schema as facts to compare: columns with type, nullability and default; constraints with their definitions; indexes.</summary>
    private static async Task<List<string>> SchemaAsync(string pg)
    {
        await using var conn = new NpgsqlConnection(pg);
        var columns = await conn.QueryAsync<string>("""
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || is_identity || ' ' || COALESCE(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            """);
        var constraints = await conn.QueryAsync<string>("""
            SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
            """);
        var indexes = await conn.QueryAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'");
        return [.. columns.Concat(constraints).Concat(indexes).Order(StringComparer.Ordinal)];
    }

    /// <summary>The source app has made and seeded its SQLite file (the factory starts on first use).</summary>
    private void Started() => _ = source.Services;

    /// <summary>A copy of the source file (taken with VACUUM INTO, as a backup would), to spoil for a refusal test.</summary>
    private async Task<string> CopyOfSourceAsync(string name)
    {
        var copy = Path.Combine(source.Folder, name);
        Started();
        await using var conn = new SqliteConnection($"Data Source={source.SqliteFile};Pooling=false");
        await conn.OpenAsync();
        await conn.ExecuteAsync("VACUUM INTO @copy", new { copy });
        return copy;
    }

    [PostgresFact]
    public async Task The_demo_and_a_large_roundtable_move_whole_and_cookies_rsvp_links_and_new_work_continue_on_postgres()
    {
        PostgresFactAttribute.RequirePostgres();
        Started();
        var generated = await GenerateRoundtableAsync(statements: 3_000);

        // Made by the app on SQLite before the move: a sign-in cookie and an RSVP link.
        var login = await new WebSession(source.NewClient()).PostFormAsync("/account/login", "/account/login",
            new() { ["Email"] = "voss@meridian.example.org", ["Password"] = MoveSourceApp.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("roundtable.auth=", StringComparison.Ordinal)).Split(';')[0];
        var rsvp = source.Services.GetRequiredService<RsvpTokens>().Create(generated.Participation, DateTimeOffset.UtcNow.AddDays(30));

        var target = TestDatabase.CreatePostgres();
        try
        {
            var (code, output, error) = await MoveInItsOwnProcessAsync("--from", source.SqliteFile, "--keys", source.KeysFolder, "--to", target);
            Assert.True(code == 0, error + output);
            Assert.DoesNotContain("DIFFERENT", output);
            Assert.Contains("Made safe: 1 messages being sent", output);

            // Counted again here, independently of the command's own table: every table, row for row.
            await using (var sqlite = new SqliteConnection($"Data Source={source.SqliteFile};Pooling=false"))
            await using (var pg = new NpgsqlConnection(target))
            {
                var tables = (await sqlite.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND LOWER(name) <> 'schemaversions'")).AsList();
                Assert.Contains("statements", tables);
                foreach (var table in tables)
                {
                    // The keys folder is added to data_protection_keys after the verified copy (checked below).
                    var expected = await sqlite.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"") +
                        (table == "data_protection_keys" ? Directory.GetFiles(source.KeysFolder, "*.xml").Length : 0);
                    var actual = await pg.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
                    Assert.True(expected == actual, $"{table}: {expected} rows on SQLite, {actual} on PostgreSQL");
                    Assert.Matches($"(?m)^{table} .* same\\s*$", output);
                }
                Assert.True(await pg.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM statements") >= 3_000);
                // Types converted, not just counted: flags, times, blobs, a reference to a later row of the same table.
                Assert.Equal(generated.Attachment, await pg.ExecuteScalarAsync<byte[]>("SELECT content FROM mailing_attachments WHERE id = @Id", new { Id = generated.AttachmentId }));
                Assert.True(await pg.ExecuteScalarAsync<bool>("SELECT audience FROM statements WHERE id = @Id", new { Id = generated.FirstStatement }));
                Assert.Equal(generated.FirstStatement + 1, await pg.ExecuteScalarAsync<long>("SELECT same_voice_as FROM statements WHERE id = @Id", new { Id = generated.FirstStatement }));
                Assert.Equal(new DateTime(2026, 11, 30, 9, 15, 0, 123, 456, DateTimeKind.Utc),
                    await pg.ExecuteScalarAsync<DateTime>("SELECT created_at FROM statements WHERE id = @Id", new { Id = generated.FirstStatement }));
                // Leases cleared: the message goes out again, the run is resumed by the next sweep.
                Assert.Equal(("retrying", null), await pg.QuerySingleAsync<(string, string?)>("SELECT status, claim_token FROM outbox WHERE id = @Id", new { Id = generated.SendingMessage }));
                Assert.Null(await pg.ExecuteScalarAsync<string?>("SELECT lease_token FROM followup_runs WHERE id = @Id", new { Id = generated.LeasedRun }));
                Assert.Equal(Directory.GetFiles(source.KeysFolder, "*.xml").Length, await pg.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys"));
            }

            // The moved database is the database the app makes for itself: every column, constraint (the foreign keys put
            // back after the copy included), index and identity as on a PostgreSQL database migrated from empty.
            var fresh = TestDatabase.CreatePostgres();
            try
            {
                await using (var db = new Db(new DatabaseSettings { Provider = "Postgres", ConnectionString = fresh },
                    new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = source.Folder }))
                {
                    Migrations.Apply(db);
                }
                var expectedSchema = await SchemaAsync(fresh);
                var movedSchema = await SchemaAsync(target);
                Assert.True(expectedSchema.Count > 100, $"{expectedSchema.Count} schema facts read");
                Assert.Equal(expectedSchema, movedSchema);
            }
            finally
            {
                TestDatabase.DropPostgres(fresh);
            }

            await using var moved = new MovedApp(target);
            // The cookie made on SQLite opens an administrator's page on PostgreSQL; without it the page is refused.
            using var anonymous = moved.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/audit")).StatusCode);
            using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/audit");
            withCookie.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(withCookie)).StatusCode);

            // The RSVP link made on SQLite opens and takes an answer.
            using var invitee = new WebSession(moved.NewClient());
            await invitee.GetPageAsync($"/rsvp/{rsvp}");
            await invitee.SubmitAsync($"/rsvp/{rsvp}", $"/rsvp/{rsvp}", new() { ["answer"] = "accepted", ["comment"] = "Moved and still coming." });
            await using (var pg = new NpgsqlConnection(target))
            {
                Assert.Equal("Moved and still coming.", await pg.ExecuteScalarAsync<string>("SELECT comment FROM rsvp_responses WHERE participation_id = @Participation AND answer = 'accepted'", new { generated.Participation }));
            }

            // New work continues the numbering past the moved ids.
            var person = await moved.PersonAsync("Ingrid After Move");
            Assert.True(person > generated.MaxPerson, $"new person {person} after moved {generated.MaxPerson}");
            var statement = await moved.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(generated.Presentation,
                new StatementForm { Kind = "remark", Text = "Said on PostgreSQL." }, generated.UserId, CancellationToken.None));
            Assert.True(statement.Ok, string.Join("; ", statement.Errors.Select(e => e.Message)));
            Assert.True(statement.Value!.Id > generated.MaxStatement);
            // The demo report gets a new edition (printed by Chromium, stored with its PDF): the next number and id.
            long demo, voss, lastEdition;
            await using (var pg = new NpgsqlConnection(target))
            {
                demo = await pg.ExecuteScalarAsync<long>("SELECT id FROM roundtables WHERE title = 'Cooperation and Competition in the High North'");
                voss = await pg.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email_normalized = 'VOSS@MERIDIAN.EXAMPLE.ORG'");
                lastEdition = await pg.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM report_editions");
            }
            var edition = await moved.Run<AssembleEdition, Result<AssembleEdition.Assembled>>(a => a.HandleAsync(demo, voss, CancellationToken.None));
            Assert.True(edition.Ok, string.Join("; ", edition.Errors.Select(e => e.Message)));
            Assert.True(edition.Value!.Id > lastEdition);
            var roundtable = await moved.RoundtableAsync(generated.UserId, "After the move");
            var presentation = await moved.PresentationAsync(roundtable, "First on PostgreSQL");
            Assert.True(presentation > generated.Presentation);
        }
        finally
        {
            TestDatabase.DropPostgres(target);
        }
    }

    [PostgresFact]
    public async Task A_target_that_is_not_empty_is_refused_and_left_as_it_was()
    {
        PostgresFactAttribute.RequirePostgres();
        Started();
        var target = TestDatabase.CreatePostgres();
        try
        {
            await using (var pg = new NpgsqlConnection(target))
            {
                await pg.ExecuteAsync("CREATE TABLE notes (id bigint); INSERT INTO notes VALUES (7)");
            }
            var (code, output, error) = await MoveAsync("--from", source.SqliteFile, "--keys", source.KeysFolder, "--to", target);
            Assert.Equal(1, code);
            Assert.Contains("The target database is not empty: its public schema has 1 tables (notes)", error);
            Assert.Equal(["notes"], await TablesAsync(target));
            Assert.DoesNotContain("Table", output);
        }
        finally
        {
            TestDatabase.DropPostgres(target);
        }
    }

    [PostgresFact]
    public async Task A_source_at_another_schema_version_is_refused_with_what_to_do()
    {
        PostgresFactAttribute.RequirePostgres();
        Started();
        var older = await CopyOfSourceAsync("older.db");
        var newer = await CopyOfSourceAsync("newer.db");
        await using (var conn = new SqliteConnection($"Data Source={older};Pooling=false"))
        {
            await conn.ExecuteAsync("DELETE FROM schemaversions WHERE scriptname = (SELECT MAX(scriptname) FROM schemaversions)");
        }
        await using (var conn = new SqliteConnection($"Data Source={newer};Pooling=false"))
        {
            await conn.ExecuteAsync("INSERT INTO schemaversions (scriptname, applied) VALUES ('Roundtable.Web.sql.sqlite.9999_from_the_future.sql', '2030-01-01')");
        }
        var target = TestDatabase.CreatePostgres();
        try
        {
            var (code, _, error) = await MoveAsync("--from", older, "--keys", source.KeysFolder, "--to", target);
            Assert.Equal(1, code);
            Assert.Contains("is at an older schema version than this app (1 migrations not applied", error);
            Assert.Contains("start the app once on it", error);

            (code, _, error) = await MoveAsync("--from", newer, "--keys", source.KeysFolder, "--to", target);
            Assert.Equal(1, code);
            Assert.Contains("was migrated by a newer version of Roundtable (9999_from_the_future.sql", error);
            Assert.Empty(await TablesAsync(target));
        }
        finally
        {
            TestDatabase.DropPostgres(target);
        }
    }

    [PostgresFact]
    public async Task A_row_postgres_cannot_hold_rolls_back_the_migrations_and_the_copy_alike()
    {
        PostgresFactAttribute.RequirePostgres();
        Started();
        var spoiled = await CopyOfSourceAsync("spoiled.db");
        await using (var conn = new SqliteConnection($"Data Source={spoiled};Pooling=false"))
        {
            // PostgreSQL's text cannot hold a NUL character; SQLite's can.
            await conn.ExecuteAsync("UPDATE statements SET text = 'before' || char(0) || 'after' WHERE id = (SELECT MAX(id) FROM statements)");
        }
        var target = TestDatabase.CreatePostgres();
        try
        {
            var (code, _, error) = await MoveAsync("--from", spoiled, "--keys", source.KeysFolder, "--to", target);
            Assert.Equal(1, code);
            Assert.True(error.Contains("PostgreSQL refused the rows of statements", StringComparison.Ordinal), error);
            Assert.Empty(await TablesAsync(target));
        }
        finally
        {
            TestDatabase.DropPostgres(target);
        }
    }

    [PostgresFact]
    public async Task A_reference_that_points_at_nothing_is_refused_and_rolled_back()
    {
        PostgresFactAttribute.RequirePostgres();
        var dangling = await CopyOfSourceAsync("dangling.db");
        await using (var conn = new SqliteConnection($"Data Source={dangling};Pooling=false;Foreign Keys=False"))
        {
            // Possible in a file written with foreign keys off; PostgreSQL must not take it in.
            await conn.ExecuteAsync("UPDATE statements SET presentation_id = 999999 WHERE id = (SELECT MIN(id) FROM statements)");
        }
        var target = TestDatabase.CreatePostgres();
        try
        {
            var (code, _, error) = await MoveAsync("--from", dangling, "--keys", source.KeysFolder, "--to", target);
            Assert.Equal(1, code);
            Assert.True(error.Contains("has rows of statements whose FOREIGN KEY (presentation_id)", StringComparison.Ordinal), error);
            Assert.Empty(await TablesAsync(target));
        }
        finally
        {
            TestDatabase.DropPostgres(target);
        }
    }

    [PostgresFact]
    public async Task A_missing_source_or_keys_folder_is_named()
    {
        PostgresFactAttribute.RequirePostgres();
        Started();
        var (code, _, error) = await MoveAsync("--from", Path.Combine(source.Folder, "nothing.db"), "--to", TestDatabase.ServerConnectionString + ";Database=unused");
        Assert.Equal(1, code);
        Assert.Contains("There is no SQLite database at", error);
        (code, _, error) = await MoveAsync("--from", source.SqliteFile, "--keys", Path.Combine(source.Folder, "no-keys"), "--to", TestDatabase.ServerConnectionString + ";Database=unused");
        Assert.Equal(1, code);
        Assert.Contains("no-keys does not exist", error);
    }

    private sealed record Generated(long UserId, long Participation, long Presentation, long FirstStatement, long MaxStatement, long MaxPerson,
        long AttachmentId, byte[] Attachment, long SendingMessage, long LeasedRun);

    /// <summary>A roundtable of 30 participants and four presentations, with statements written in bulk, a PDF-like blob and in-flight work.</summary>
    private async Task<Generated> GenerateRoundtableAsync(int statements)
    {
        var userId = await source.CreateUserAsync("mover@example.org", "organizer");
        var roundtable = await source.RoundtableAsync(userId, "Generated for the move");
        var participations = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var roles = i < 4 ? new[] { "presenter" } : i >= 26 ? ["rapporteur"] : ["participant"];
            participations.Add(await source.ParticipantAsync(roundtable, await source.PersonAsync($"Generated Person {i:00}"), true, roles));
        }
        var presentations = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            presentations.Add(await source.PresentationAsync(roundtable, $"Generated presentation {i}", [participations[i]], [participations[29 - i]]));
        }
        var attachment = Enumerable.Range(0, 5000).Select(i => (byte)(i * 31 % 256)).ToArray();
        await using var conn = new SqliteConnection($"Data Source={source.SqliteFile};Pooling=false");
        await conn.OpenAsync();
        await using var tx = conn.BeginTransaction();
        var first = 0L;
        for (var i = 0; i < statements; i++)
        {
            var id = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, kind, text, html, created_by_user_id, created_at, updated_by_user_id, updated_at, by_presenter)
                VALUES (@presentation, @position, @speaker, @audience, 'remark', @text, @html, @userId, @at, @userId, @at, 0) RETURNING id
                """, new
            {
                presentation = presentations[i % 4], position = i / 4 + 1, speaker = i % 7 == 0 ? (long?)null : participations[i % 30], audience = i % 3 == 0 ? 1 : 0,
                text = $"Statement {i}: «quoted» — with an apostrophe's worth of text.", html = $"<p>Statement {i}</p>", userId,
                at = i == 0 ? "2026-11-30 09:15:00.1234567" : "2026-11-30 10:00:00",
            }, tx);
            first = first == 0 ? id : first;
        }
        // The first statement names a later one as its voice: the copy must not trip over the order of a self-reference.
        await conn.ExecuteAsync("UPDATE statements SET same_voice_as = @next, speaker_participation_id = NULL WHERE id = @first", new { first, next = first + 1 }, tx);
        var mailing = await conn.ExecuteScalarAsync<long>("INSERT INTO mailings (roundtable_id, kind, title, created_by_user_id, created_at) VALUES (@roundtable, 'invitations', 'Generated', @userId, '2026-11-30 10:00:00') RETURNING id", new { roundtable, userId }, tx);
        var attachmentId = await conn.ExecuteScalarAsync<long>("INSERT INTO mailing_attachments (mailing_id, file_name, content_type, content, created_at) VALUES (@mailing, 'report.pdf', 'application/pdf', @attachment, '2026-11-30 10:00:00') RETURNING id", new { mailing, attachment }, tx);
        var sending = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO outbox (mailing_id, recipient_key, recipient_name, address, template, subject, message_id, status, attempts, next_attempt_at, claim_token, claimed_until, created_at, updated_at)
            VALUES (@mailing, 'p1', 'Generated Person 01', 'generated.person.01@example.org', 'invitation', 'Invitation', '<generated-1@example.org>', 'sending', 1, '2026-11-30 10:00:00', 'claim-1', '2099-01-01 00:00:00', '2026-11-30 10:00:00', '2026-11-30 10:00:00') RETURNING id
            """, new { mailing }, tx);
        await conn.ExecuteAsync("INSERT INTO outbox_content (outbox_id, content_type, wire) VALUES (@sending, 'message/rfc822', @wire)", new { sending, wire = attachment }, tx);
        var run = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO followup_runs (roundtable_id, status, attempts, lease_token, lease_until, created_by_user_id, created_at, updated_at)
            VALUES (@roundtable, 'running', 1, 'lease-1', '2099-01-01 00:00:00', @userId, '2026-11-30 10:00:00', '2026-11-30 10:00:00') RETURNING id
            """, new { roundtable, userId }, tx);
        var maxStatement = await conn.ExecuteScalarAsync<long>("SELECT MAX(id) FROM statements", transaction: tx);
        var maxPerson = await conn.ExecuteScalarAsync<long>("SELECT MAX(id) FROM people", transaction: tx);
        await tx.CommitAsync();
        return new Generated(userId, participations[5], presentations[0], first, maxStatement, maxPerson, attachmentId, attachment, sending, run);
    }
}
