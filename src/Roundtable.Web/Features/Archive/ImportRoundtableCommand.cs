using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Archive;

/// <summary><c>import-roundtable --from FILE [--as EMAIL] [--keep-existing-people]</c>.</summary>
public sealed class ImportRoundtableCommand : IAppCommand
{
    public string Name => "import-roundtable";

    public string Usage => "import-roundtable --from FILE [--as ADMIN-EMAIL] [--keep-existing-people]   a roundtable archive into this installation";

    public async Task<int> RunAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var from = args.Required("--from");
        var db = context.Services.GetRequiredService<Db>();
        var clock = context.Services.GetRequiredService<TimeProvider>();
        Migrations.Apply(db);
        var email = args.Option("--as");
        long? userId;
        await using (var conn = await db.OpenAsync(ct))
        {
            userId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
                SELECT MIN(id) FROM users WHERE is_administrator = TRUE AND (@normalized IS NULL OR email_normalized = @normalized)
                """, new { normalized = Emails.Normalize(email) }, cancellationToken: ct));
        }
        if (userId is null)
        {
            throw new CommandException(email is null
                ? "This installation has no administrator account yet; create the first account (/account/setup), then import."
                : $"{email} is not an administrator account here; --as names the administrator the import is recorded under.");
        }
        try
        {
            var outcome = await new ImportRoundtable(db, clock).HandleAsync(from, userId.Value, args.Flag("--keep-existing-people"), ct);
            await context.Out.WriteLineAsync(
                $"Imported \"{outcome.Title}\" as roundtable {outcome.RoundtableId} (/roundtables/{outcome.RoundtableId}): {outcome.PeopleCreated} people added to the directory, {outcome.PeopleMatched} matched by email.");
            return 0;
        }
        catch (ArchiveRefusedException e)
        {
            throw new CommandException(e.Message);
        }
    }
}
