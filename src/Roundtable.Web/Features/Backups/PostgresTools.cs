using System.ComponentModel;
using System.Diagnostics;
using Npgsql;

namespace Roundtable.Web.Features.Backups;

/// <summary>
/// pg_dump, pg_restore and psql from the PATH (Debian: postgresql-client, of the server's major version or later). The
/// connection goes in PG* environment variables, so the password never shows in a process list.
/// </summary>
public static class PostgresTools
{
    public static string Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new BackupException($"{tool} was not found on the PATH. Install the PostgreSQL client tools of the server's major version or later (Debian: apt-get install postgresql-client) and try again.");

    public static ProcessStartInfo StartInfo(string tool, string connectionString, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Find(tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        info.Environment["PGHOST"] = cs.Host ?? "localhost";
        info.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = cs.Database ?? cs.Username ?? "";
        info.Environment["PGUSER"] = cs.Username ?? "";
        info.Environment["PGPASSWORD"] = cs.Password ?? "";
        info.Environment["PGAPPNAME"] = "roundtable-backup";
        info.Environment["PGCONNECT_TIMEOUT"] = "30";
        return info;
    }

    public static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new BackupException($"{info.FileName} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new BackupException($"{info.FileName} could not be started: {e.Message}.");
        }
    }

    /// <summary>Runs a tool that writes to a file of its own; its error output becomes the message when it fails.</summary>
    public static async Task RunAsync(string tool, string connectionString, IEnumerable<string> arguments, CancellationToken ct)
    {
        using var process = Start(StartInfo(tool, connectionString, arguments));
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var error = await stderr;
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{tool} failed (exit code {process.ExitCode}): {error.Trim()}");
        }
    }
}

/// <summary>A backup or restore refused or failed for a reason the operator can act on; nothing half-written is left.</summary>
public sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);
