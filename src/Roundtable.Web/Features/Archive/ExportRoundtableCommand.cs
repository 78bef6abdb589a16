using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Archive;

/// <summary><c>export-roundtable --id N --to FILE</c>: one roundtable as a roundtable archive.</summary>
public sealed class ExportRoundtableCommand : IAppCommand
{
    public const string AuditAction = "roundtable exported";

    public string Name => "export-roundtable";

    public string Usage => "export-roundtable --id N --to FILE   one roundtable as a ZIP of JSON and its editions (README, \"Roundtable archive\")";

    public async Task<int> RunAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (!long.TryParse(args.Required("--id"), out var id) || id <= 0)
        {
            throw new CommandException("--id is a roundtable's number (as in /roundtables/N).");
        }
        var to = args.Required("--to");
        var db = context.Services.GetRequiredService<Db>();
        var clock = context.Services.GetRequiredService<TimeProvider>();
        Migrations.Apply(db);
        if (Directory.Exists(to))
        {
            throw new CommandException($"{to} is a folder; give the archive's file name (e.g. {Path.Combine(to, $"roundtable-{id}.zip")}).");
        }
        ArchiveManifest? manifest;
        try
        {
            manifest = await new ExportRoundtable(db, clock).HandleAsync(id, to, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"The archive cannot be written to {to}: {e.Message}");
        }
        if (manifest is null)
        {
            throw new CommandException($"There is no roundtable {id}.");
        }
        await using (var conn = await db.OpenAsync(ct))
        {
            await AuditLog.RecordAsync(conn, null, clock.GetUtcNow().UtcDateTime, null, "command line", AuditAction, id, $"to {Path.GetFileName(to)}", ct);
        }
        await context.Out.WriteLineAsync($"Exported \"{manifest.Title}\" to {to}: "
            + string.Join(", ", manifest.Counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {Path.GetFileNameWithoutExtension(c.Key)}")));
        return 0;
    }
}
