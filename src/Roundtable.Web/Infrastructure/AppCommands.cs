using System.Reflection;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// A command run instead of the web app: <c>dotnet run --project src/Roundtable.Web -- NAME [options]</c>.
/// It reads the same configuration as the app (appsettings, environment, <c>--Database:ConnectionString=…</c> is not
/// accepted here: use environment variables such as <c>Database__ConnectionString</c>). Adding a command is adding a
/// sealed class that implements this interface; <see cref="AppCommands"/> finds it.
/// </summary>
public interface IAppCommand
{
    /// <summary>The first argument that selects it, e.g. "backup".</summary>
    string Name { get; }

    /// <summary>One line for the list that <c>help</c> prints, e.g. "backup --to DIR   …".</summary>
    string Usage { get; }

    /// <summary>Runs it; the exit code is 0 on success, 1 when the input was refused (the message on Error).</summary>
    Task<int> RunAsync(CommandContext context, CommandArgs args, CancellationToken ct);
}

/// <summary>What a command gets: the app's configuration and environment, its services, and where to write.</summary>
public sealed record CommandContext(IConfiguration Configuration, IHostEnvironment Environment, IServiceProvider Services, TextWriter Out, TextWriter Error);

/// <summary>The arguments after the command's name: options <c>--name value</c> and flags <c>--force</c>.</summary>
public sealed class CommandArgs(IReadOnlyList<string> args)
{
    public IReadOnlyList<string> All { get; } = args;

    /// <summary>The value after <paramref name="name"/> (e.g. "--to"), or null when it is not given.</summary>
    public string? Option(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == name)
            {
                return i + 1 < All.Count ? All[i + 1] : throw new CommandException($"{name} needs a value.");
            }
            if (All[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return All[i][(name.Length + 1)..];
            }
        }
        return null;
    }

    public string Required(string name) => Option(name) ?? throw new CommandException($"{name} is required.");

    public bool Flag(string name) => All.Contains(name);
}

/// <summary>A refusal with a message for the person at the terminal (exit code 1, no stack trace).</summary>
public sealed class CommandException(string message) : Exception(message);

public static class AppCommands
{
    private static IReadOnlyList<IAppCommand> All() =>
        [.. typeof(AppCommands).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAppCommand).IsAssignableFrom(t))
            .Select(t => (IAppCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>Whether the process was started to run a command rather than the web app.</summary>
    public static bool Requested(string[] args) =>
        args.Length > 0 && (args[0] is "help" || All().Any(c => c.Name == args[0]));

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, string? contentRoot = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var commands = All();
        if (args[0] == "help")
        {
            await output.WriteLineAsync("Commands (dotnet run --project src/Roundtable.Web -- COMMAND …):");
            foreach (var c in commands)
            {
                await output.WriteLineAsync("  " + c.Usage);
            }
            return 0;
        }
        var command = commands.Single(c => c.Name == args[0]);
        // Commands run before the web app's composition: Dapper's mapping (underscores, UTC times) is set up here for all of them.
        DapperSetup.Configure();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = contentRoot });
        var settings = builder.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<Db>();
        builder.Services.AddSingleton(TimeProvider.System);
        await using var services = builder.Services.BuildServiceProvider();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            var context = new CommandContext(builder.Configuration, builder.Environment, services, output, error);
            return await command.RunAsync(context, new CommandArgs(args[1..]), cancel.Token);
        }
        catch (CommandException e)
        {
            await error.WriteLineAsync($"{command.Name}: {e.Message}");
            return 1;
        }
    }
}
