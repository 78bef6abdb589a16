using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.People;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// <c>-- move [--statements N] [--pg "Host=…;Username=…;Password=…"]</c>: a SQLite installation with N statements (and one
/// with a tenth of them, to show that memory does not grow with the rows) moved into a new PostgreSQL database by the
/// app's own command, run as a process of its own: wall time and the process's peak resident memory (VmHWM).
/// </summary>
public static class MoveBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var statements = Bench.Arg(args, "--statements", 500_000);
        var pgIndex = Array.IndexOf(args, "--pg");
        var server = pgIndex >= 0 ? args[pgIndex + 1] : "Host=127.0.0.1;Username=roundtable;Password=roundtable";
        Console.WriteLine("Roundtable move benchmark: SQLite -> PostgreSQL (move-to-postgres as its own process)");
        Console.WriteLine($"{"statements",12}  {"rows",10}  {"SQLite MB",9}  {"generate s",10}  {"move s",7}  {"peak RSS MB",11}");
        foreach (var n in new[] { statements / 10, statements })
        {
            using var scratch = new ScratchFolder("move");
            var generate = Stopwatch.StartNew();
            await GenerateAsync(scratch.Path, n);
            generate.Stop();
            var database = "rt_bench_move_" + Guid.NewGuid().ToString("N");
            await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
            try
            {
                var target = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
                var (seconds, peak, output) = Move(scratch.Path, target);
                var rows = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(" tables, ", StringComparison.Ordinal)) ?? "?";
                var size = new FileInfo(Path.Combine(scratch.Path, "roundtable.db")).Length / 1e6;
                Console.WriteLine($"{n,12:N0}  {rows.Split(' ')[2],10}  {size,9:0}  {generate.Elapsed.TotalSeconds,10:0.0}  {seconds,7:0.0}  {peak / 1024.0,11:0}");
                if (n == statements)
                {
                    Console.WriteLine();
                    Console.WriteLine(output);
                }
            }
            finally
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            }
        }
        return 0;
    }

    /// <summary>The app makes and migrates the file and its keys; the statements go in by batched inserts of 10,000.</summary>
    private static async Task GenerateAsync(string folder, int count)
    {
        long userId, roundtable;
        var presentations = new List<long>();
        var participations = new List<long>();
        await using (var app = Bench.App(folder, []))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            userId = Ok(await sp.GetRequiredService<CreateAccount>().HandleAsync(new AccountForm
            {
                Email = "mover@bench.example.org", DisplayName = "Mover", Role = Roles.Organizer, Password = "bench-password-1",
            }, CancellationToken.None));
            roundtable = await sp.GetRequiredService<CreateRoundtable>().HandleAsync(new RoundtableForm
            {
                Title = "Moved", StartDate = new DateOnly(2027, 3, 10), StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(17, 0), TimeZone = "Europe/London", Venue = "Hall",
            }, userId, CancellationToken.None);
            for (var i = 0; i < 40; i++)
            {
                var person = Ok(await sp.GetRequiredService<CreatePerson>().HandleAsync(new PersonForm { FullName = $"Person {i:00} Moved", Email = $"p{i}@bench.example.org", Affiliation = "Bench" }, CancellationToken.None));
                participations.Add(Ok(await sp.GetRequiredService<AddParticipant>().HandleAsync(roundtable, new ParticipantForm
                {
                    PersonId = person, Roles = [i < 10 ? "presenter" : i >= 38 ? "rapporteur" : "participant"], MayBeNamed = i < 10 || i % 2 == 0, Attended = true,
                }, CancellationToken.None)));
            }
            for (var i = 0; i < 10; i++)
            {
                presentations.Add(Ok(await sp.GetRequiredService<CreatePresentation>().HandleAsync(roundtable, new PresentationForm
                {
                    Title = $"Presentation {i}", PresenterIds = [participations[i]], RapporteurIds = [participations[38 + i % 2]], PresenterNamed = true,
                }, CancellationToken.None)));
            }
        }
        SqliteConnection.ClearAllPools();
        await using var conn = new SqliteConnection($"Data Source={Path.Combine(folder, "roundtable.db")};Pooling=false");
        await conn.OpenAsync();
        await using var insert = conn.CreateCommand();
        insert.CommandText = """
            INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, kind, text, html, created_by_user_id, created_at, updated_by_user_id, updated_at)
            VALUES ($presentation, $position, $speaker, $audience, 'remark', $text, $html, $user, $at, $user, $at)
            """;
        var parameters = new[] { "$presentation", "$position", "$speaker", "$audience", "$text", "$html", "$user", "$at" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        for (var done = 0; done < count;)
        {
            await using var tx = conn.BeginTransaction();
            insert.Transaction = tx;
            for (var end = Math.Min(count, done + 10_000); done < end; done++)
            {
                var text = $"Statement {done}: the point about deterrence in the High North is that nobody wants to be the first to move, and everybody prepares as if someone will.";
                parameters[0].Value = presentations[done % 10];
                parameters[1].Value = done / 10 + 1;
                parameters[2].Value = participations[10 + done % 28];
                parameters[3].Value = done % 3 == 0 ? 1 : 0;
                parameters[4].Value = text;
                parameters[5].Value = "<p>" + text + "</p>";
                parameters[6].Value = userId;
                parameters[7].Value = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc).AddSeconds(done).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        await conn.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private static long Ok(Result<long> result) =>
        result.Ok ? result.Value : throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Message)));

    private static (double Seconds, long PeakKb, string Output) Move(string folder, string target)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Roundtable.Web.dll"), "move-to-postgres",
            "--from", Path.Combine(folder, "roundtable.db"), "--keys", Path.Combine(folder, "keys"), "--to", target })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var peak = 0L;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakKb(process.Id));
            Thread.Sleep(20);
        }
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"move-to-postgres exited with {process.ExitCode}: {error.Result}{output.Result}");
        }
        return (watch.Elapsed.TotalSeconds, peak, output.Result);
    }

    /// <summary>The kernel's high-water mark of the process's resident memory, in KB (0 once it has gone).</summary>
    private static long PeakKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await conn.ExecuteAsync(sql);
    }
}
