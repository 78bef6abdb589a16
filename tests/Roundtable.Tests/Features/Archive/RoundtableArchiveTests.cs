using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Archive;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Archive;

/// <summary>The demo installation, with its first edition assembled: the installation an archive leaves.</summary>
public sealed class ArchiveSourceApp : AppFactory
{
    protected override string EnvironmentName => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Demo:Password"] = "demo-password-for-tests",
        ["Mail:DevCatcherPort"] = SmtpTestServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:DevCatcherFolder"] = Path.Combine(Folder, "devmail"),
    };

    private readonly SemaphoreSlim once = new(1, 1);
    private string? archive;

    /// <summary>The demo roundtable (1) with edition 1 assembled and a mailing's delivery records, exported once for the class.</summary>
    public async Task<string> DemoArchiveAsync()
    {
        await once.WaitAsync();
        try
        {
            if (archive is not null)
            {
                return archive;
            }
            var voss = await UserIdAsync("voss@meridian.example.org");
            var assembled = await Run<AssembleEdition, Result<AssembleEdition.Assembled>>(a => a.HandleAsync(1, voss, CancellationToken.None));
            Assert.True(assembled.Ok, string.Join("; ", assembled.Errors.Select(e => e.Message)));
            await using (var conn = await Db.OpenAsync())
            {
                // Delivery records as the outbox leaves them: one message sent, one still waiting when the archive is made.
                var mailing = await conn.ExecuteScalarAsync<long>("""
                    INSERT INTO mailings (roundtable_id, kind, title, dedup_key, created_by_user_id, created_at)
                    VALUES (1, 'invitation', 'Invitations', 'invitations:1:archive-test', @voss, @now) RETURNING id
                    """, new { voss, now = DateTime.UtcNow });
                var people = (await conn.QueryAsync<(long Participation, long Person, string Name, string? Email)>("""
                    SELECT pa.id, pe.id, pe.full_name, pe.email FROM participations pa JOIN people pe ON pe.id = pa.person_id
                    WHERE pa.roundtable_id = 1 AND pe.email IS NOT NULL ORDER BY pa.id LIMIT 2
                    """)).AsList();
                var statuses = new[] { "sent", "queued" };
                for (var i = 0; i < 2; i++)
                {
                    await conn.ExecuteAsync("""
                        INSERT INTO outbox (mailing_id, recipient_key, person_id, participation_id, recipient_name, address, template, subject,
                                            message_id, status, attempts, next_attempt_at, last_smtp_code, last_smtp_text, created_at, updated_at, sent_at)
                        VALUES (@mailing, @key, @person, @participation, @name, @email, 'invitation', 'You are invited', @messageId, @status,
                                @attempts, @now, @code, @text, @now, @now, @sentAt)
                        """, new
                    {
                        mailing, key = $"participation:{people[i].Participation}", person = people[i].Person, participation = people[i].Participation,
                        name = people[i].Name, email = people[i].Email, messageId = $"<archive-test-{i}@source.example>", status = statuses[i],
                        attempts = i == 0 ? 1 : 0, now = DateTime.UtcNow, code = i == 0 ? (int?)250 : null, text = i == 0 ? "2.0.0 Ok" : null,
                        sentAt = i == 0 ? (DateTime?)DateTime.UtcNow : null,
                    });
                }
            }
            var path = Path.Combine(Folder, "demo.zip");
            var manifest = await Run<ExportRoundtable, ArchiveManifest?>(e => e.HandleAsync(1, path, CancellationToken.None));
            Assert.NotNull(manifest);
            archive = path;
            return path;
        }
        finally
        {
            once.Release();
        }
    }

    public async Task<long> UserIdAsync(string email)
    {
        await using var conn = await Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email_normalized = @e", new { e = email.ToUpperInvariant() });
    }
}

public sealed class RoundtableArchiveTests(ArchiveSourceApp source) : IClassFixture<ArchiveSourceApp>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task An_exported_roundtable_imports_into_another_installation_with_the_same_editions_proceedings_and_labels()
    {
        var path = await source.DemoArchiveAsync();
        await using var target = new AppFactory();
        var admin = await target.CreateUserAsync("admin@target.example.org", Roles.Administrator);
        // Someone of the demo is already in the directory here, under the same email and name: matched, not added again.
        var (shared, sharedEmail) = await SharedPersonAsync(source, target);

        var outcome = await target.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(path, admin, keepExistingPeople: false, Ct));

        var id = outcome.RoundtableId;
        Assert.Equal(1, outcome.PeopleMatched);
        Assert.Equal(await ScalarAsync(source, "SELECT COUNT(*) FROM participations WHERE roundtable_id = 1") - 1, outcome.PeopleCreated);
        Assert.Equal(1, await ScalarAsync(target, "SELECT COUNT(*) FROM people WHERE email_normalized = @e", new { e = sharedEmail.ToUpperInvariant() }));
        Assert.Equal(1, await ScalarAsync(target, "SELECT COUNT(*) FROM participations WHERE roundtable_id = @id AND person_id = @shared", new { id, shared }));

        // The edition byte for byte: its HTML and its PDF.
        var sourceEdition = await EditionAsync(source, 1);
        var targetEdition = await EditionAsync(target, id);
        Assert.Equal(sourceEdition.Html, targetEdition.Html);
        Assert.NotNull(sourceEdition.Pdf);
        Assert.Equal(sourceEdition.Pdf, targetEdition.Pdf);

        // Statements with the same real speakers, revisions with theirs, and the labels printed from them the same.
        Assert.Equal(await StatementsAsync(source, 1), await StatementsAsync(target, id));
        Assert.NotEmpty(await StatementsAsync(target, id));
        Assert.Equal(await RevisionsAsync(source, 1), await RevisionsAsync(target, id));
        Assert.Equal(await LabelsAsync(source, 1), await LabelsAsync(target, id));
        Assert.Contains(await LabelsAsync(target, id), l => l.Contains("A participant", StringComparison.Ordinal));
        Assert.Equal(await ParticipantsAsync(source, 1), await ParticipantsAsync(target, id));
        Assert.Equal(await ScalarAsync(source, "SELECT COUNT(*) FROM open_questions WHERE roundtable_id = 1"),
            await ScalarAsync(target, "SELECT COUNT(*) FROM open_questions WHERE roundtable_id = @id", new { id }));

        // The roundtable is the importer's to manage; its report texts came along.
        Assert.Equal(admin, await ScalarAsync(target, "SELECT created_by_user_id FROM roundtables WHERE id = @id", new { id }));
        Assert.Equal(await TextAsync(source, "SELECT foreword FROM reports WHERE roundtable_id = 1"),
            await TextAsync(target, "SELECT foreword FROM reports WHERE roundtable_id = @id", new { id }));

        // Delivery records: the sent one as it was; the one still waiting is cancelled, never sent from here.
        await using (var conn = await target.Db.OpenAsync())
        {
            var rows = (await conn.QueryAsync<(string Status, string MessageId)>("""
                SELECT o.status, o.message_id FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @id ORDER BY o.message_id
                """, new { id })).AsList();
            Assert.Equal([("sent", "<archive-test-0@source.example>"), ("cancelled", "<archive-test-1@source.example>")], rows);
        }

        // The same archive again: refused as a duplicate, nothing added.
        var roundtables = await ScalarAsync(target, "SELECT COUNT(*) FROM roundtables");
        var again = await Assert.ThrowsAsync<ArchiveRefusedException>(() =>
            target.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(path, admin, keepExistingPeople: true, Ct)));
        Assert.Contains("is already here", again.Message);
        Assert.Equal(roundtables, await ScalarAsync(target, "SELECT COUNT(*) FROM roundtables"));

        // And back into the installation it came from: the roundtable is still there.
        var voss = await source.UserIdAsync("voss@meridian.example.org");
        var home = await Assert.ThrowsAsync<ArchiveRefusedException>(() =>
            source.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(path, voss, keepExistingPeople: true, Ct)));
        Assert.Contains("is already here", home.Message);
    }

    [Fact]
    public async Task A_person_with_the_same_email_under_another_name_is_refused_by_name_and_nothing_is_written_unless_kept()
    {
        var path = await source.DemoArchiveAsync();
        await using var target = new AppFactory();
        var admin = await target.CreateUserAsync("admin@target.example.org", Roles.Administrator);
        var (_, email) = await SharedPersonAsync(source, target);
        await using (var conn = await target.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE people SET full_name = 'Somebody Else Entirely' WHERE email_normalized = @e", new { e = email.ToUpperInvariant() });
        }
        var archiveName = await TextAsync(source, "SELECT full_name FROM people WHERE email_normalized = @e", new { e = email.ToUpperInvariant() });

        var refused = await Assert.ThrowsAsync<ArchiveRefusedException>(() =>
            target.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(path, admin, keepExistingPeople: false, Ct)));
        Assert.Contains($"\"{archiveName}\" <{email}> is \"Somebody Else Entirely\" here", refused.Message);
        Assert.Equal(0, await ScalarAsync(target, "SELECT COUNT(*) FROM roundtables"));
        Assert.Equal(1, await ScalarAsync(target, "SELECT COUNT(*) FROM people"));
        Assert.Equal(0, await ScalarAsync(target, "SELECT COUNT(*) FROM roundtable_imports"));

        // The preview says the same before anything is tried.
        var preview = await target.Run<PreviewImport, ImportPreview>(p => p.HandleAsync(path, Ct));
        Assert.True(preview.HasConflicts);
        Assert.Equal("Somebody Else Entirely", preview.People.Single(p => p.Conflict).ExistingName);

        // Keeping the person as they are here: imported, the participation on the person here, the name unchanged.
        var outcome = await target.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(path, admin, keepExistingPeople: true, Ct));
        Assert.Equal("Somebody Else Entirely", await TextAsync(target, """
            SELECT pe.full_name FROM participations pa JOIN people pe ON pe.id = pa.person_id
            WHERE pa.roundtable_id = @id AND pe.email_normalized = @e
            """, new { id = outcome.RoundtableId, e = email.ToUpperInvariant() }));
    }

    [Fact]
    public async Task A_corrupt_truncated_foreign_or_newer_archive_is_refused_with_a_sentence_by_the_command()
    {
        var path = await source.DemoArchiveAsync();
        await using var target = new AppFactory();
        await target.CreateUserAsync("admin@target.example.org", Roles.Administrator);
        var folder = Path.Combine(target.Folder, "bad");
        Directory.CreateDirectory(folder);
        var bytes = await File.ReadAllBytesAsync(path);

        var truncated = Path.Combine(folder, "truncated.zip");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        Assert.Contains("not a readable ZIP archive", await ImportFailsAsync(target, truncated));

        var notZip = Path.Combine(folder, "notes.zip");
        await File.WriteAllTextAsync(notZip, "These are my notes, not an archive.");
        Assert.Contains("not a readable ZIP archive", await ImportFailsAsync(target, notZip));

        // A byte changed inside the compressed statements: the entry's checksum or its inflation fails.
        var damaged = Path.Combine(folder, "damaged.zip");
        await File.WriteAllBytesAsync(damaged, Damage(bytes, "statements.json"));
        Assert.Matches("statements.json in the archive is (damaged|not valid JSON)", await ImportFailsAsync(target, damaged));

        // The data intact but its recorded CRC-32 changed (in the local header and the central directory): what a
        // changed bit that still inflates looks like to the reader, made certain. .NET 10's ZipArchive does not check it.
        var wrongChecksum = Path.Combine(folder, "wrong-checksum.zip");
        await File.WriteAllBytesAsync(wrongChecksum, WrongChecksum(bytes, "statements.json"));
        Assert.Contains("statements.json in the archive is damaged: its checksum does not match", await ImportFailsAsync(target, wrongChecksum));

        var newer = Path.Combine(folder, "newer.zip");
        RewriteManifest(path, newer, m => m["schemaVersion"] = 9999);
        Assert.Contains("comes from a newer Roundtable (schema 9999", await ImportFailsAsync(target, newer));

        var newerFormat = Path.Combine(folder, "newer-format.zip");
        RewriteManifest(path, newerFormat, m => m["formatVersion"] = 2);
        Assert.Contains("format 2, made by a newer Roundtable", await ImportFailsAsync(target, newerFormat));

        Assert.Contains("There is no file", await ImportFailsAsync(target, Path.Combine(folder, "missing.zip")));
        Assert.Equal(0, await ScalarAsync(target, "SELECT COUNT(*) FROM roundtables"));
        Assert.Equal(0, await ScalarAsync(target, "SELECT COUNT(*) FROM people"));

        // The command that made the archive: an unknown roundtable is refused too; a known one writes a readable file.
        var export = new ExportRoundtableCommand();
        var context = Context(source);
        var missing = await Assert.ThrowsAsync<CommandException>(() => export.RunAsync(context, new CommandArgs(["--id", "999", "--to", Path.Combine(folder, "x.zip")]), Ct));
        Assert.Equal("There is no roundtable 999.", missing.Message);
        Assert.False(File.Exists(Path.Combine(folder, "x.zip")));
        var fresh = Path.Combine(folder, "fresh.zip");
        Assert.Equal(0, await export.RunAsync(context, new CommandArgs(["--id", "1", "--to", fresh]), Ct));
        var import = new ImportRoundtableCommand();
        var output = new StringWriter();
        Assert.Equal(0, await import.RunAsync(Context(target, output), new CommandArgs(["--from", fresh]), Ct));
        Assert.Contains("Imported \"Cooperation and Competition in the High North\" as roundtable", output.ToString());
    }

    [Fact]
    public async Task An_archive_from_an_older_schema_imports_with_the_columns_it_did_not_have_left_empty()
    {
        var path = await source.DemoArchiveAsync();
        await using var target = new AppFactory();
        var admin = await target.CreateUserAsync("admin@target.example.org", Roles.Administrator);
        // As an installation at migration 0100 wrote it: no outbox.list_unsubscribe (0110) yet.
        var older = Path.Combine(target.Folder, "older.zip");
        RewriteManifest(path, older, m => m["schemaVersion"] = 100);
        RewriteEntry(older, "outbox.json", rows =>
        {
            foreach (var row in rows.AsArray())
            {
                row!.AsObject().Remove("list_unsubscribe");
            }
        });

        var outcome = await target.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(older, admin, keepExistingPeople: false, Ct));
        Assert.Equal(2, await ScalarAsync(target, """
            SELECT COUNT(*) FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @id AND o.list_unsubscribe IS NULL
            """, new { id = outcome.RoundtableId }));

        // A column the format always had is missing: refused, naming the file, the record and the column.
        var broken = Path.Combine(target.Folder, "broken.zip");
        RewriteManifest(path, broken, m => m["sourceRoundtableId"] = 4242);
        RewriteEntry(broken, "statements.json", rows => rows.AsArray()[0]!.AsObject().Remove("text"));
        var refused = await Assert.ThrowsAsync<ArchiveRefusedException>(() =>
            target.Run<ImportRoundtable, ImportOutcome>(i => i.HandleAsync(broken, admin, keepExistingPeople: false, Ct)));
        Assert.Equal("statements.json, record 1 has no \"text\".", refused.Message);
        Assert.Equal(1, await ScalarAsync(target, "SELECT COUNT(*) FROM roundtables"));
    }

    private static async Task<string> ImportFailsAsync(AppFactory target, string file)
    {
        var e = await Assert.ThrowsAsync<CommandException>(() => new ImportRoundtableCommand().RunAsync(Context(target), new CommandArgs(["--from", file]), Ct));
        return e.Message;
    }

    private static CommandContext Context(AppFactory app, TextWriter? output = null) =>
        new(app.Services.GetRequiredService<IConfiguration>(), app.Services.GetRequiredService<IHostEnvironment>(), app.Services,
            output ?? new StringWriter(), new StringWriter());

    private static byte[] Damage(byte[] zip, string entryName)
    {
        using var read = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = read.GetEntry(entryName)!;
        // The local header is 30 bytes plus the name (no extra field is written); flip a byte in the middle of the data.
        var offset = FindLocalHeader(zip, entryName) + 30 + entryName.Length + (int)(entry.CompressedLength / 2);
        var copy = (byte[])zip.Clone();
        copy[offset] ^= 0x5A;
        return copy;
    }

    private static byte[] WrongChecksum(byte[] zip, string entryName)
    {
        var copy = (byte[])zip.Clone();
        // The CRC-32 is at offset 14 of the local header and 16 of the central directory's header.
        copy[FindLocalHeader(zip, entryName) + 14] ^= 0x01;
        var needle = System.Text.Encoding.ASCII.GetBytes(entryName);
        for (var i = 0; i < zip.Length - 46 - needle.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 1 && zip[i + 3] == 2 && zip.AsSpan(i + 46, needle.Length).SequenceEqual(needle))
            {
                copy[i + 16] ^= 0x01;
                return copy;
            }
        }
        throw new InvalidOperationException($"{entryName} not found in the central directory");
    }

    private static int FindLocalHeader(byte[] zip, string name)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(name);
        for (var i = 0; i < zip.Length - 30 - needle.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 3 && zip[i + 3] == 4 && zip.AsSpan(i + 30, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        throw new InvalidOperationException($"{name} not found");
    }

    private static void RewriteManifest(string from, string to, Action<JsonObject> change)
    {
        File.Copy(from, to);
        using var zip = ZipFile.Open(to, ZipArchiveMode.Update);
        var entry = zip.GetEntry(ArchiveFormat.ManifestFile)!;
        JsonObject manifest;
        using (var s = entry.Open())
        {
            manifest = JsonNode.Parse(s)!.AsObject();
        }
        entry.Delete();
        change(manifest);
        using var w = new StreamWriter(zip.CreateEntry(ArchiveFormat.ManifestFile).Open());
        w.Write(manifest.ToJsonString());
    }

    private static void RewriteEntry(string zipPath, string name, Action<JsonNode> change)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var entry = zip.GetEntry(name)!;
        JsonNode json;
        using (var s = entry.Open())
        {
            json = JsonNode.Parse(s)!;
        }
        entry.Delete();
        change(json);
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(json.ToJsonString());
    }

    /// <summary>Adds one of the demo's people (with an email) to the target's directory as they are in the source.</summary>
    private static async Task<(long Id, string Email)> SharedPersonAsync(AppFactory from, AppFactory to)
    {
        await using var src = await from.Db.OpenAsync();
        var person = await src.QueryFirstAsync<(string FullName, string NameInPrint, string Surname, string SortName, string Email)>("""
            SELECT pe.full_name, pe.name_in_print, pe.surname, pe.sort_name, pe.email FROM people pe JOIN participations pa ON pa.person_id = pe.id
            WHERE pa.roundtable_id = 1 AND pe.email IS NOT NULL ORDER BY pe.id DESC LIMIT 1
            """);
        await using var dst = await to.Db.OpenAsync();
        var id = await dst.ExecuteScalarAsync<long>("""
            INSERT INTO people (full_name, name_in_print, surname, sort_name, email, email_normalized, created_at, updated_at)
            VALUES (@FullName, @NameInPrint, @Surname, @SortName, @Email, @normalized, @now, @now) RETURNING id
            """, new { person.FullName, person.NameInPrint, person.Surname, person.SortName, person.Email, normalized = person.Email.ToUpperInvariant(), now = DateTime.UtcNow });
        return (id, person.Email);
    }

    private static async Task<(string Html, byte[]? Pdf)> EditionAsync(AppFactory app, long roundtableId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.QuerySingleAsync<(string, byte[]?)>("SELECT html, pdf FROM report_editions WHERE roundtable_id = @roundtableId AND number = 1", new { roundtableId });
    }

    private static async Task<List<string>> StatementsAsync(AppFactory app, long roundtableId)
    {
        await using var conn = await app.Db.OpenAsync();
        var rows = await conn.QueryAsync("""
            SELECT pr.position AS p, s.position AS s, pe.full_name AS speaker, s.audience, s.kind, s.text, s.html, s.revision, s.label_form,
                   s.by_presenter, sv.position AS same_voice, s.deleted_at, s.created_at, s.updated_at, u.display_name AS updated_by
            FROM statements s JOIN presentations pr ON pr.id = s.presentation_id
            LEFT JOIN participations pa ON pa.id = s.speaker_participation_id LEFT JOIN people pe ON pe.id = pa.person_id
            LEFT JOIN statements sv ON sv.id = s.same_voice_as
            JOIN users u ON u.id = s.updated_by_user_id
            WHERE pr.roundtable_id = @roundtableId ORDER BY pr.position, s.position, s.id
            """, new { roundtableId });
        // Who updated is an account: the source's is not in the target, whose importer stands in for it.
        return [.. rows.Select(r => JsonSerializer.Serialize(((IDictionary<string, object?>)r).Where(kv => kv.Key != "updated_by").Select(kv => kv.Value?.ToString())))];
    }

    private static async Task<List<string>> RevisionsAsync(AppFactory app, long roundtableId)
    {
        await using var conn = await app.Db.OpenAsync();
        var rows = await conn.QueryAsync("""
            SELECT pr.position AS p, s.position AS s, r.revision, r.action, pe.full_name AS speaker, r.audience, r.kind, r.text, r.created_at
            FROM proceeding_revisions r JOIN presentations pr ON pr.id = r.presentation_id
            LEFT JOIN statements s ON s.id = r.statement_id
            LEFT JOIN participations pa ON pa.id = r.speaker_participation_id LEFT JOIN people pe ON pe.id = pa.person_id
            WHERE pr.roundtable_id = @roundtableId ORDER BY pr.position, r.id
            """, new { roundtableId });
        return [.. rows.Select(r => JsonSerializer.Serialize(((IDictionary<string, object?>)r).Select(kv => kv.Value?.ToString())))];
    }

    private static async Task<List<string>> ParticipantsAsync(AppFactory app, long roundtableId)
    {
        await using var conn = await app.Db.OpenAsync();
        var rows = await conn.QueryAsync("""
            SELECT pe.full_name, pe.email, pa.may_be_named, pa.biography_in_report, pa.attended, pa.invitation_status, pa.audience_phrase,
                   pa.biography_position, (SELECT COUNT(*) FROM participation_roles ro WHERE ro.participation_id = pa.id) AS roles,
                   (SELECT MIN(ro.role) FROM participation_roles ro WHERE ro.participation_id = pa.id) AS first_role,
                   rs.answer, rs.comment
            FROM participations pa JOIN people pe ON pe.id = pa.person_id LEFT JOIN rsvp_responses rs ON rs.participation_id = pa.id
            WHERE pa.roundtable_id = @roundtableId ORDER BY pe.sort_name, pe.full_name
            """, new { roundtableId });
        return [.. rows.Select(r => JsonSerializer.Serialize(((IDictionary<string, object?>)r).Select(kv => kv.Value?.ToString())))];
    }

    private static async Task<List<string>> LabelsAsync(AppFactory app, long roundtableId)
    {
        var proceedings = await app.Run<GetProceedings, GetProceedings.Roundtable>(g => g.HandleAsync(roundtableId, Ct));
        return [.. proceedings.Presentations.SelectMany(p => p.Statements.Select(s => s.Label).Prepend(p.PublishedSummary).Prepend(p.Agenda.Label))];
    }

    private static async Task<long> ScalarAsync(AppFactory app, string sql, object? args = null)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    private static async Task<string> TextAsync(AppFactory app, string sql, object? args = null)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<string>(sql, args) ?? "";
    }
}
