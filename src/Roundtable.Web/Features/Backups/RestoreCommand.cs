namespace Roundtable.Web.Features.Backups;

/// <summary><c>restore --from ARCHIVE [--force]</c>: into the installation the settings name, which must be empty unless forced.</summary>
public sealed class RestoreCommand : IAppCommand
{
    public string Name => "restore";

    public string Usage => "restore --from ARCHIVE [--force] restore a backup into an empty data folder or PostgreSQL database (--force replaces one; stop the app first)";

    public async Task<int> RunAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var archive = args.Required("--from");
        var restore = ActivatorUtilities.CreateInstance<RestoreBackup>(context.Services);
        try
        {
            var done = await restore.RunAsync(archive, args.Flag("--force"), ct);
            await context.Out.WriteLineAsync($"Restored {Path.GetFileName(archive)} (made {done.Manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC, schema {done.Manifest.LastScript}) into {done.Target}; {done.MigrationsApplied} migration(s) applied; integrity check ok.");
            foreach (var replaced in done.Replaced)
            {
                await context.Out.WriteLineAsync($"Replaced, kept as: {replaced}");
            }
            return 0;
        }
        catch (BackupException e)
        {
            throw new CommandException(e.Message);
        }
    }
}
