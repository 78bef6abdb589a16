using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Web.Features.Demo;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Benchmarks;

/// <summary>
/// The demo report as a reader gets it: the demo data made in a fresh database (as the app's first start in Development
/// makes it), one edition assembled by the demo's director, its PDF and DOCX written to a folder. tools/specimen.sh
/// turns pages of the PDF into the README's pictures.
/// Run: dotnet run -c Release --project tests/Roundtable.Benchmarks -- specimen &lt;folder&gt;
/// </summary>
public static class Specimen
{
    public static async Task<int> RunAsync(string[] args)
    {
        var output = Path.GetFullPath(args.Length > 1 ? args[1] : "specimen");
        Directory.CreateDirectory(output);
        using var scratch = new ScratchFolder("specimen");
        await using var app = Bench.App(scratch.Path, []);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<SeedDemo>().HandleAsync("roundtable-demo", CancellationToken.None);

        long roundtableId, directorUserId;
        await using (var conn = await services.GetRequiredService<Db>().OpenAsync())
        {
            roundtableId = await conn.ExecuteScalarAsync<long>("SELECT id FROM roundtables WHERE title LIKE 'Cooperation and Competition%' ORDER BY id LIMIT 1");
            directorUserId = await conn.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email_normalized = @email", new { email = SeedDemo.AccountEmails[0].ToUpperInvariant() });
        }
        var assembled = await services.GetRequiredService<AssembleEdition>().HandleAsync(roundtableId, directorUserId, CancellationToken.None);
        if (!assembled.Ok)
        {
            Console.Error.WriteLine("The demo report cannot be assembled: " + string.Join("; ", assembled.Errors.Select(e => e.Message)));
            return 1;
        }
        var edition = (await services.GetRequiredService<GetEdition>().HandleAsync(roundtableId, assembled.Value!.Number, CancellationToken.None))!;
        await File.WriteAllBytesAsync(Path.Combine(output, "demo-report.pdf"), edition.Pdf!);
        await File.WriteAllBytesAsync(Path.Combine(output, "demo-report.docx"), EditionDocx.FromHtml(edition.Html));
        await File.WriteAllTextAsync(Path.Combine(output, "demo-report.html"), edition.Html);
        Console.WriteLine($"Demo report, edition {edition.Number}: {Path.Combine(output, "demo-report.pdf")} (and .docx, .html)");
        return 0;
    }
}
