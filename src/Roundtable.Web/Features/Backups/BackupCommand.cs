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
