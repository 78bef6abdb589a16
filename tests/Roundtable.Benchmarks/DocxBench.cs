using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// The Word copy of a printable report (30 presentations × 20 statements, about 90 pages as a PDF): the report is
/// assembled to HTML once, then made into a DOCX from that HTML, as the download does from the stored edition.
/// Run: dotnet run -c Release --project tests/Roundtable.Benchmarks -- docx [--presentations 30] [--statements 20]
/// </summary>
public static class DocxBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var presentations = Bench.Arg(args, "--presentations", 30);
        var statements = Bench.Arg(args, "--statements", 20);
        using var scratch = new ScratchFolder("docx-bench");
        await using var app = Bench.App(scratch.Path, []);
        var roundtableId = await ReportAssemblyBench.SeedAsync(app.Services.GetRequiredService<Db>(), presentations, statements);
        var html = await ReportAssemblyBench.AssembleAsync(app.Services, roundtableId);

        // The first run pays for loading and compiling the OpenXML SDK; a server that has made one DOCX has paid it.
        var cold = Stopwatch.StartNew();
        var bytes = EditionDocx.FromHtml(html);
        cold.Stop();
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            bytes = EditionDocx.FromHtml(html);
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }
        Console.WriteLine($"DOCX benchmark: {presentations} presentations × {statements} statements, HTML {html.Length / 1024.0:N0} KB");
        Console.WriteLine($"  DOCX ({bytes.Length / 1024.0:N0} KB): first {cold.Elapsed.TotalMilliseconds:N0} ms, best of 5 {best.TotalMilliseconds:N0} ms (target ≤ 1,000 ms)");
        return best <= TimeSpan.FromSeconds(1) ? 0 : 1;
    }
}
