using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// Report assembly: N presentations × M statements to HTML, against a plain SqliteDataReader read of the same rows in
/// the same run; then 10× the data. And the PDF through the app against Chromium printing the same HTML from a file.
/// Run: dotnet run -c Release --project tests/Roundtable.Benchmarks -- assembly [--presentations 1000] [--statements 50]
/// </summary>
public static class ReportAssemblyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var presentations = Bench.Arg(args, "--presentations", 1000);
        var statements = Bench.Arg(args, "--statements", 50);
        Console.WriteLine($"Report assembly benchmark: {presentations:N0} presentations × {statements} statements");
        // A printable report: a real one has 10 presentations; 30 × 20 statements is about 90 pages.
        if (args.Contains("--pdf-only"))
        {
            await MeasureAsync(Bench.Arg(args, "--pdf-presentations", 30), 20, pdf: true);
            return 0;
        }
        var small = await MeasureAsync(presentations, statements, pdf: false);
        var large = await MeasureAsync(presentations * 10, statements, pdf: false);
        await MeasureAsync(Bench.Arg(args, "--pdf-presentations", 30), 20, pdf: true);
        Console.WriteLine($"  10× the data: assembly {large.Assembly / small.Assembly:N2}× the time (target ≤ 11); raw read {large.Read / small.Read:N2}×");
        Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
        return 0;
    }

    private sealed record Figures(double Read, double Assembly);

    private static async Task<Figures> MeasureAsync(int presentations, int statements, bool pdf)
    {
        using var scratch = new ScratchFolder("report-bench");
        var folder = scratch.Path;
        var dbPath = Path.Combine(folder, "roundtable.db");
        await using var app = Bench.App(folder, []);
        var services = app.Services;
        var roundtableId = await SeedAsync(services.GetRequiredService<Db>(), presentations, statements);

        // Each path runs five times on the same data; the best run counts (the first ones pay for JIT tiering and the page cache).
        var read = TimeSpan.MaxValue;
        var assembly = TimeSpan.MaxValue;
        long rows = 0;
        var html = "";
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            rows = await ReadAsync(dbPath, roundtableId);
            read = Min(read, watch.Elapsed);
            watch.Restart();
            html = await AssembleAsync(services, roundtableId);
            assembly = Min(assembly, watch.Elapsed);
        }
        Console.WriteLine($"  {presentations:N0} × {statements}: raw read of {rows:N0} rows {read.TotalMilliseconds:N0} ms; " +
            $"assembly to HTML ({html.Length / 1048576.0:N1} MB) {assembly.TotalMilliseconds:N0} ms; ratio {assembly / read:N2} (target ≤ 3)");

        if (pdf)
        {
            await PdfAsync(services, roundtableId, folder);
        }
        SqliteConnection.ClearAllPools();
        return new Figures(read.TotalMilliseconds, assembly.TotalMilliseconds);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    internal static async Task<string> AssembleAsync(IServiceProvider services, long roundtableId)
    {
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<LoadReportContent>().HandleAsync(roundtableId, 1, TemplateFiles.Read("report/report.css"), CancellationToken.None);
        var content = outcome.Content ?? throw new InvalidOperationException(string.Join("; ", outcome.Problems));
        return await scope.ServiceProvider.GetRequiredService<RazorRenderer>().RenderAsync("/Features/Reports/ReportDocument.cshtml", content);
    }

    /// <summary>The same rows and columns the assembly reads, with a plain data reader.</summary>
    private static async Task<long> ReadAsync(string dbPath, long roundtableId)
    {
        await using var conn = new SqliteConnection($"Data Source={dbPath}");
        await conn.OpenAsync();
        long rows = 0;
        foreach (var sql in new[]
        {
            "SELECT pr.id, pr.position, pr.title, pr.presenter_named, pc.summary, pc.status, pc.version FROM presentations pr LEFT JOIN proceedings pc ON pc.presentation_id = pr.id WHERE pr.roundtable_id = $r",
            "SELECT s.id, s.presentation_id, s.speaker_participation_id, s.audience, CASE WHEN s.html IS NULL THEN s.text END AS text, s.html, s.revision FROM statements s JOIN presentations pr ON pr.id = s.presentation_id WHERE pr.roundtable_id = $r AND s.deleted_at IS NULL ORDER BY s.presentation_id, s.position, s.id",
            "SELECT pa.id, p.full_name, p.name_in_print, p.surname, p.short_names, p.biography, pa.may_be_named FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.roundtable_id = $r",
        })
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$r", roundtableId);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }
                rows++;
            }
        }
        return rows;
    }

    /// <summary>
    /// The edition's PDF as the app prints it (laid out, printed, contents' pages read back, printed again) against
    /// Chromium's own command line printing the final HTML from a file (its fonts beside it), best of three each.
    /// </summary>
    private static async Task PdfAsync(IServiceProvider services, long roundtableId, string folder)
    {
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<LoadReportContent>().HandleAsync(roundtableId, 1, TemplateFiles.Read("report/report.css"), CancellationToken.None);
        var content = outcome.Content ?? throw new InvalidOperationException(string.Join("; ", outcome.Problems));
        var print = scope.ServiceProvider.GetRequiredService<PrintEdition>();
        var printed = await print.HandleAsync(content, CancellationToken.None); // starts the browser once, as the app does
        var app = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            printed = await print.HandleAsync(content, CancellationToken.None);
            app = Min(app, watch.Elapsed);
        }
        var fonts = Path.Combine(folder, "fonts");
        Directory.CreateDirectory(fonts);
        foreach (var font in Directory.GetFiles(ReportFonts.Folder, "*.ttf"))
        {
            File.Copy(font, Path.Combine(fonts, Path.GetFileName(font)), overwrite: true);
        }
        var file = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(file, printed.Html.Replace("\"/report/fonts/", "\"fonts/", StringComparison.Ordinal));
        var cli = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            using (var chromium = Process.Start(new ProcessStartInfo("/usr/bin/chromium",
                ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-pdf-header-footer", "--allow-file-access-from-files", $"--print-to-pdf={Path.Combine(folder, "cli.pdf")}", "file://" + file])
                { RedirectStandardError = true, RedirectStandardOutput = true })!)
            {
                await chromium.WaitForExitAsync();
            }
            cli = Min(cli, watch.Elapsed);
        }
        using var check = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(folder, "cli.pdf"));
        Console.WriteLine($"  PDF of that report ({printed.Pdf.Length / 1048576.0:N1} MB, {printed.Printings} printings, {check.NumberOfPages} pages from the file): " +
            $"app with contents' page numbers {app.TotalMilliseconds:N0} ms; chromium --print-to-pdf of the same HTML file {cli.TotalMilliseconds:N0} ms; ratio {app / cli:N2} (target ≤ 2)");
    }

    internal static async Task<long> SeedAsync(Db db, int presentations, int statements)
    {
        await using var conn = await db.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var userId = await conn.ExecuteScalarAsync<long>("INSERT INTO users (email, email_normalized, display_name, role, password_hash, security_stamp, created_at) VALUES ('b@bench.example.org', 'B@BENCH.EXAMPLE.ORG', 'Bench', 'organizer', 'x', 's', @now) RETURNING id", new { now }, tx);
        var rid = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO roundtables (title, start_date, end_date, start_time, end_time, time_zone, venue, host_organization, status, created_by_user_id, created_at, updated_at)
            VALUES ('Benchmark Roundtable', '2026-10-14', '2026-10-14', '09:00', '17:00', 'UTC', 'Hall', 'Institute', 'proceedings', @userId, @now, @now) RETURNING id
            """, new { userId, now }, tx);
        var speakers = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var person = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO people (full_name, name_in_print, surname, sort_name, biography, email, email_normalized, created_at, updated_at)
                VALUES (@name, @name, @surname, @surname, 'A biography of some length, written for the benchmark.', @email, @normalized, @now, @now) RETURNING id
                """, new { name = $"Speaker{i} Person{i}", surname = $"Person{i}", email = $"s{i}@bench.example.org", normalized = $"S{i}@BENCH.EXAMPLE.ORG", now }, tx);
            var participation = await conn.ExecuteScalarAsync<long>(
                "INSERT INTO participations (roundtable_id, person_id, may_be_named, attended, created_at) VALUES (@rid, @person, @named, 1, @now) RETURNING id",
                new { rid, person, named = i % 3 != 0, now }, tx);
            await conn.ExecuteAsync("INSERT INTO participation_roles (participation_id, role) VALUES (@participation, @role)",
                new { participation, role = i == 0 ? "director" : i < 3 ? "rapporteur" : "participant" }, tx);
            speakers.Add(participation);
        }
        await conn.ExecuteAsync("INSERT INTO reports (roundtable_id, foreword, foreword_signer_participation_id, conference_summary, updated_at) VALUES (@rid, 'Foreword.', @signer, 'Summary.', @now)",
            new { rid, signer = speakers[0], now }, tx);
        const string text = "noted that the *northern* routes would carry more traffic within a decade, and that rescue services were not ready for it; the question was who would pay.";
        var html = Roundtable.Web.Infrastructure.Markdown.ToSafeHtml(text); // as the app stores it when a statement is written
        for (var p = 0; p < presentations; p++)
        {
            var pid = await conn.ExecuteScalarAsync<long>(
                "INSERT INTO presentations (roundtable_id, position, title, presenter_named, created_at) VALUES (@rid, @position, @title, 1, @now) RETURNING id",
                new { rid, position = p + 1, title = $"Presentation number {p + 1}", now }, tx);
            await conn.ExecuteAsync("INSERT INTO presentation_presenters (presentation_id, participation_id) VALUES (@pid, @speaker)", new { pid, speaker = speakers[3 + p % 30] }, tx);
            await conn.ExecuteAsync("INSERT INTO proceedings (presentation_id, summary, status, version, updated_at) VALUES (@pid, @summary, 'approved', 1, @now)",
                new { pid, summary = "{presenter} argued that the region is changing.\n\nThe second paragraph develops the argument at some length.", now }, tx);
            for (var s = 0; s < statements; s++)
            {
                await conn.ExecuteAsync("""
                    INSERT INTO statements (presentation_id, position, speaker_participation_id, audience, kind, text, html, created_by_user_id, created_at, updated_by_user_id, updated_at)
                    VALUES (@pid, @position, @speaker, @audience, 'remark', @text, @html, @userId, @now, @userId, @now)
                    """, new { pid, position = s + 1, speaker = speakers[(p + s) % 40], audience = s % 7 == 0, text, html, userId, now }, tx);
            }
        }
        await tx.CommitAsync();
        return rid;
    }
}
