using System.IO.Compression;
using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Backups;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Backups;

/// <summary>The app with scheduled backups into a folder of its own, keeping two.</summary>
public sealed class BackupsAppFactory : AppFactory
{
    public string BackupFolder { get; } = BackupCli.NewFolder();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Backup:Folder"] = BackupFolder,
        ["Backup:Schedule"] = "0 3 * * *",
        ["Backup:Keep"] = "2",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(BackupFolder))
        {
            Directory.Delete(BackupFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>/admin/backups (administrators only), "Back up now" through Hangfire, downloads, the schedule and Backup:Keep.</summary>
public sealed class BackupsPageTests(BackupsAppFactory app) : IClassFixture<BackupsAppFactory>
{
    private const string Admin = "admin@backups.example.org";

    [Fact]
    public async Task An_administrator_backs_up_now_sees_the_backup_listed_and_downloads_it()
    {
        await app.CreateUserAsync(Admin, Roles.Administrator);
        using var web = await app.SignInAsync(Admin);
        var page = await web.GetPageAsync("/admin/backups");
        Assert.Contains(app.BackupFolder, page.QuerySelector("#backup-settings")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav a[href='/admin/backups']"));
        var existing = ListBackups.Files(app.BackupFolder).Count();

        var started = await web.SubmitAsync("/admin/backups", "/admin/backups", []);
        Assert.NotNull(started.QuerySelector("#backup-started"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ListBackups.Files(app.BackupFolder).Count() <= existing && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        var newest = ListBackups.Files(app.BackupFolder).First();
        Assert.Empty(Directory.GetFiles(app.BackupFolder, "*.partial"));

        var listed = await web.GetPageAsync("/admin/backups");
        var link = listed.QuerySelector($"#backups a[href='/admin/backups/{newest.Name}']");
        Assert.NotNull(link);
        var download = await web.Client.GetAsync($"/admin/backups/{newest.Name}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        Assert.NotNull(zip.GetEntry(BackupManifest.EntryName));

        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.GetAsync("/admin/backups/roundtable-backup-20000101T000000Z.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.GetAsync("/admin/backups/..%2Froundtable.db")).StatusCode);
    }

    [Fact]
    public async Task An_organizer_who_is_no_administrator_and_an_anonymous_visitor_are_kept_out()
    {
        await app.CreateUserAsync("org@backups.example.org", Roles.Organizer);
        using var organizer = await app.SignInAsync("org@backups.example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.GetAsync("/admin/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.PostAsync("/admin/backups", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.GetAsync("/admin/backups/roundtable-backup-20000101T000000Z.zip")).StatusCode);
        Assert.DoesNotContain("href=\"/admin/backups\"", await organizer.Client.GetStringAsync("/roundtables"));

        using var anonymous = new WebSession(app.NewClient());
        var response = await anonymous.Client.GetAsync("/admin/backups");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_job_runs_on_the_schedule_set_and_keeps_the_newest_backups_only()
    {
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == BackupSettings.RecurringJobId);
            Assert.Equal("0 3 * * *", job.Cron);
        }
        for (var i = 0; i < 3; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<BackupJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }
        var kept = ListBackups.Files(app.BackupFolder).ToList();
        Assert.Equal(2, kept.Count);
        Assert.Empty(Directory.GetFiles(app.BackupFolder, "*.partial"));
        Assert.Empty(Directory.GetDirectories(app.BackupFolder));
    }

    [Fact]
    public async Task A_backup_folder_that_cannot_be_made_is_refused_with_a_message_and_leaves_nothing()
    {
        _ = app.Services;
        var blocker = Path.Combine(Path.GetTempPath(), "roundtable-tests", "blocker-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where the folder should be");
        try
        {
            var (exit, _, error) = await BackupCli.RunAsync(BackupCli.Of(app), "backup", "--to", Path.Combine(blocker, "backups"));
            Assert.Equal(1, exit);
            Assert.Contains("Cannot create the backup folder", error);
            var (missing, _, missingError) = await BackupCli.RunAsync(BackupCli.Of(app), "backup");
            Assert.Equal(1, missing);
            Assert.Contains("--to is required", missingError);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
