using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Infrastructure.Moving;

/// <summary><c>move-to-postgres --to "Host=…;Database=…" [--from FILE] [--keys DIR]</c>: see README, "Moving from SQLite to PostgreSQL".</summary>
public sealed class MoveToPostgresCommand : IAppCommand
{
    public string Name => "move-to-postgres";

    public string Usage => "move-to-postgres --to \"Host=…;Database=…;Username=…;Password=…\" [--from FILE] [--keys DIR | --without-keys]   copy a stopped SQLite installation into an empty PostgreSQL database, and verify it";

    public async Task<int> RunAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var target = args.Required("--to");
        var from = args.Option("--from");
        if (from is null)
        {
            var settings = context.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
            if (settings.Kind != DatabaseProvider.Sqlite)
            {
                throw new CommandException("The app is configured for PostgreSQL already: give the SQLite file to move with --from FILE.");
            }
            from = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
        }
        var keys = args.Option("--keys");
        var keysGiven = keys is not null;
        keys ??= context.Configuration["DataProtection:KeysPath"] ?? "data/keys";
        var root = context.Environment.ContentRootPath;
        var request = new MoveRequest(Path.GetFullPath(from, root), Path.GetFullPath(keys, root), keysGiven, target, args.Flag("--without-keys"));
        await context.Out.WriteLineAsync($"Moving {request.SqliteFile} (keys: {(request.WithoutKeys ? "none" : request.KeysFolder)}) into PostgreSQL.");
        var clock = context.Services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        await new PostgresMove(clock, context.Out).RunAsync(request, ct);
        return 0;
    }
}
