using System.Diagnostics;

namespace Roundtable.Tests.Support;

/// <summary>
/// Debian's LibreOffice (libreoffice-writer-nogui), headless, converting a document to PDF with a profile of its own per
/// run, so parallel runs and a user's own LibreOffice never share one. A missing soffice is a failure with a clear message.
/// </summary>
public static class LibreOffice
{
    public const string Path = "/usr/bin/soffice";

    public static async Task<byte[]> ToPdfAsync(byte[] document, string extension = "docx")
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException("The DOCX tests need LibreOffice: apt-get install -y libreoffice-writer-nogui");
        }
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "roundtable-soffice-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = System.IO.Path.Combine(folder, "document." + extension);
            await File.WriteAllBytesAsync(input, document);
            var start = new ProcessStartInfo(Path,
                ["-env:UserInstallation=file://" + System.IO.Path.Combine(folder, "profile"), "--headless", "--norestore", "--nologo",
                 "--convert-to", "pdf", "--outdir", folder, input])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var pdf = System.IO.Path.Combine(folder, "document.pdf");
            Assert.True(process.ExitCode == 0 && File.Exists(pdf), $"soffice failed ({process.ExitCode}): {await output} {await error}");
            return await File.ReadAllBytesAsync(pdf);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
