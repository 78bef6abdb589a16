using System.IO.Compression;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Archive;

/// <summary>The archive through the pages and the API: who may download it, and the administrators' upload, preview and confirm.</summary>
public sealed class ArchiveWebTests(ArchiveSourceApp source) : IClassFixture<ArchiveSourceApp>
{
    private const string DemoPassword = "demo-password-for-tests";

    [Fact]
    public async Task Only_those_who_manage_the_roundtable_or_an_administrator_download_its_archive()
    {
        using (var voss = await source.SignInAsync("voss@meridian.example.org", DemoPassword))
        {
            var overview = await voss.GetPageAsync("/roundtables/1");
            Assert.Equal("/roundtables/1/archive", overview.QuerySelector("#download-archive")!.GetAttribute("href"));
            var response = await voss.Client.GetAsync("/roundtables/1/archive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("roundtable-1-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
            using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
            Assert.NotNull(zip.GetEntry("manifest.json"));
            Assert.NotNull(zip.GetEntry("statements.json"));
            Assert.Equal(HttpStatusCode.NotFound, (await voss.Client.GetAsync("/roundtables/999/archive")).StatusCode);
        }

        using (var rapporteur = await source.SignInAsync("okafor@meridian.example.org", DemoPassword))
        {
            var overview = await rapporteur.GetPageAsync("/roundtables/1");
            Assert.Null(overview.QuerySelector("#download-archive"));
            Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/roundtables/1/archive")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/api/roundtables/1/archive")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await rapporteur.Client.GetAsync("/settings/import")).StatusCode);
        }

        // An organizer of other roundtables: neither this one's archive nor the import.
        await source.CreateUserAsync("other-organizer@archive.example.org", Roles.Organizer);
        using (var other = await source.SignInAsync("other-organizer@archive.example.org"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync("/roundtables/1/archive")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync("/api/roundtables/1/archive")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync("/settings/import")).StatusCode);
        }

        // An administrator who does not organize it may take its archive (through the API too).
        await source.CreateUserAsync("archivist@archive.example.org", Roles.Administrator);
        using (var admin = await source.SignInAsync("archivist@archive.example.org"))
        {
            var response = await admin.Client.GetAsync("/api/roundtables/1/archive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        }

        // The API's own document describes it.
        using (var voss = await source.SignInAsync("voss@meridian.example.org", DemoPassword))
        {
            Assert.Contains("/api/roundtables/{roundtableId}/archive", await voss.Client.GetStringAsync("/openapi/v1.json"));
        }

        using var anonymous = new WebSession(source.NewClient());
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Client.GetAsync("/roundtables/1/archive")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_uploads_an_archive_sees_its_counts_and_people_then_confirms_it_once()
    {
        var archive = await File.ReadAllBytesAsync(await source.DemoArchiveAsync());
        await using var target = new AppFactory();
        await target.CreateUserAsync("admin@target.example.org", Roles.Administrator);
        using var admin = await target.SignInAsync("admin@target.example.org");

        // Not an archive: refused with a sentence, nothing imported.
        var bad = await UploadAsync(admin, "notes.zip", "just some notes"u8.ToArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("not a readable ZIP archive", (await WebSession.ParseAsync(bad)).QuerySelector(".errors")!.TextContent);

        var upload = await UploadAsync(admin, "demo.zip", archive);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var preview = await WebSession.ParseAsync(upload);
        Assert.Contains("Cooperation and Competition in the High North", preview.QuerySelector("#import-summary h2")!.TextContent);
        Assert.NotEqual("0", preview.QuerySelector("[data-count=statements]")!.TextContent);
        Assert.Equal("1", preview.QuerySelector("[data-count=report_editions]")!.TextContent);
        var people = preview.QuerySelectorAll("#import-people tbody tr");
        Assert.NotEmpty(people);
        Assert.All(people, p => Assert.Equal("new", p.GetAttribute("data-outcome")));

        var confirm = (IHtmlFormElement)preview.QuerySelector("#import-confirm")!;
        var fields = confirm.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null).Select(i => KeyValuePair.Create(i.Name!, i.Value)).ToList();
        var done = await admin.Client.PostAsync("/settings/import/confirm", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var overview = await admin.GetPageAsync(done.Headers.Location!.OriginalString);
        Assert.Contains("Cooperation and Competition in the High North", overview.QuerySelector("h1")!.TextContent);
        Assert.Contains("Imported", overview.QuerySelector(".flash")!.TextContent);

        // The same archive again: refused as a duplicate at the preview.
        var again = await UploadAsync(admin, "demo.zip", archive);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("is already here", (await WebSession.ParseAsync(again)).QuerySelector(".errors")!.TextContent);
        // The confirmation's upload is gone once used.
        var replay = await admin.Client.PostAsync("/settings/import/confirm", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
    }

    [Fact]
    public async Task A_collision_is_shown_in_the_preview_refused_on_confirm_and_imported_when_the_person_here_is_kept()
    {
        var archive = await File.ReadAllBytesAsync(await source.DemoArchiveAsync());
        await using var target = new AppFactory();
        await target.CreateUserAsync("admin@target.example.org", Roles.Administrator);
        string email;
        await using (var src = await source.Db.OpenAsync())
        {
            email = await src.ExecuteScalarAsync<string>("""
                SELECT pe.email FROM people pe JOIN participations pa ON pa.person_id = pe.id
                WHERE pa.roundtable_id = 1 AND pe.email IS NOT NULL ORDER BY pe.id LIMIT 1
                """) ?? throw new InvalidOperationException("The demo has no email.");
        }
        await using (var dst = await target.Db.OpenAsync())
        {
            await dst.ExecuteAsync("""
                INSERT INTO people (full_name, name_in_print, surname, sort_name, email, email_normalized, created_at, updated_at)
                VALUES ('Quite Another Name', 'Quite Another Name', 'Name', 'Name, Quite Another', @email, @normalized, @now, @now)
                """, new { email, normalized = email.ToUpperInvariant(), now = DateTime.UtcNow });
        }
        using var admin = await target.SignInAsync("admin@target.example.org");

        var preview = await WebSession.ParseAsync(await UploadAsync(admin, "demo.zip", archive));
        Assert.Single(preview.QuerySelectorAll("#import-people tr[data-outcome=conflict]"));
        Assert.Contains("is \"Quite Another Name\" here", preview.QuerySelector("#import-conflicts")!.TextContent);
        var upload = ((IHtmlInputElement)preview.QuerySelector("#import-confirm input[name=upload]")!).Value;
        var token = ((IHtmlInputElement)preview.QuerySelector("#import-confirm input[name=__RequestVerificationToken]")!).Value;

        var refused = await admin.Client.PostAsync("/settings/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["upload"] = upload, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await WebSession.ParseAsync(refused);
        Assert.Contains("Quite Another Name", page.QuerySelector(".errors")!.TextContent);
        Assert.NotNull(page.QuerySelector("#import-confirm"));
        await using (var dst = await target.Db.OpenAsync())
        {
            Assert.Equal(0, await dst.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM roundtables"));
        }

        var kept = await admin.Client.PostAsync("/settings/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["upload"] = upload, ["keepExistingPeople"] = "true", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        await using (var dst = await target.Db.OpenAsync())
        {
            Assert.Equal("Quite Another Name", await dst.ExecuteScalarAsync<string>("""
                SELECT pe.full_name FROM participations pa JOIN people pe ON pe.id = pa.person_id WHERE pe.email_normalized = @n
                """, new { n = email.ToUpperInvariant() }));
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(WebSession web, string name, byte[] bytes)
    {
        var page = await web.GetPageAsync("/settings/import");
        var token = ((IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", name },
        };
        return await web.Client.PostAsync("/settings/import", content);
    }
}
