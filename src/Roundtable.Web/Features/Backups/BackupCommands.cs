using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Backups;

/// <summary><c>backup --to DIR</c>: one archive of the running (or stopped) installation the settings name.</summary>
public sealed class BackupCommand : IAppCommand
{
    public string Name => "backup";

    public string Usage => "backup --to DIR                 write one backup archive (database, job store, keys) into DIR";

    public async Task<int> RunAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var folder = args.Required("--to");
        var make = ActivatorUtilities.CreateInstance<MakeBackup>(context.Services);
        try
        {
            var made = await make.HandleAsync(folder, ct);
            await context.Out.WriteLineAsync($"Backup written: {made.Path} ({made.Bytes:N0} bytes; {made.Manifest.Provider}, schema {made.Manifest.LastScript}, {made.Manifest.Files.Count} files).");
            return 0;
        }
        catch (BackupException e)
        {
            throw new CommandException(e.Message);
        }
    }
}

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
