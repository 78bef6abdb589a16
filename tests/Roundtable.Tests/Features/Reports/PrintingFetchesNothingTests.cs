using System.Net;
using System.Net.Sockets;
using Dapper;
using Roundtable.Tests.Support;
using UglyToad.PdfPig;

namespace Roundtable.Tests.Features.Reports;

/// <summary>
/// The PDF is printed by Chromium on the server: anything the edition's HTML points at would be fetched from inside our
/// network (a loopback admin port, the cloud metadata address) and printed into a PDF that is mailed out.
/// </summary>
public sealed class PrintingFetchesNothingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [Fact]
    public async Task Printing_an_edition_makes_no_connection_to_what_its_html_points_at()
    {
        using var listener = new LoopbackListener();
        var at = $"http://127.0.0.1:{listener.Port}";
        var s = await ReportScenario.CreateAsync(app);
        // Written straight into the database (the save paths refuse such texts, and the sanitizer drops images): a statement's
        // stored HTML is printed as it is, so this is what the renderer itself must refuse, whatever reaches it.
        var html = $"""
            <p>asked about the port. <img src="{at}/img.png"><img srcset="{at}/srcset.png 2x" src="{Pixel}" alt="pixel"></p>
            <link rel="stylesheet" href="{at}/style.css"><link rel="preconnect" href="{at}"><link rel="prefetch" href="{at}/prefetch">
            <style>@import url("{at}/import.css"); .x {"{"} background-image: url("{at}/background.png"); {"}"}</style>
            <p class="x" style="background: url('{at}/inline.png')">Styled.</p>
            <iframe src="{at}/frame"></iframe><object data="{at}/object"></object><embed src="{at}/embed">
            <video poster="{at}/poster.png" src="{at}/video.mp4"></video><audio src="{at}/audio.mp3"></audio>
            <img src="http://localhost:{listener.Port}/by-name.png"><img src="http://169.254.169.254/latest/meta-data/">
            """;
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal(1, await conn.ExecuteAsync("""
                UPDATE statements SET html = @html
                WHERE id = (SELECT MIN(s.id) FROM statements s JOIN presentations p ON p.id = s.presentation_id WHERE p.roundtable_id = @r)
                """, new { html, r = s.RoundtableId }));
            Assert.Equal(1, await conn.ExecuteAsync("UPDATE reports SET foreword = @foreword WHERE roundtable_id = @r",
                new { foreword = $"We held a roundtable. ![map]({at}/foreword.png)", r = s.RoundtableId }));
        }

        var result = await s.AssembleAsync();
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        var pdf = (await s.EditionAsync(1))!.Pdf!;
        // Chromium has finished with the page when the PDF exists; a late connection would still be accepted meanwhile.
        await Task.Delay(300);
        Assert.Equal([], listener.Received);

        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("asked about the port.", text, StringComparison.Ordinal);
        Assert.Contains("Styled.", text, StringComparison.Ordinal);
        // A data: image is part of the text itself and still prints.
        Assert.Contains(document.GetPages(), p => p.GetImages().Any());
    }

    /// <summary>A TCP port on loopback that records every connection made to it (and the request line, when one is sent).</summary>
    private sealed class LoopbackListener : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly List<string> received = [];

        public LoopbackListener()
        {
            listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public IReadOnlyList<string> Received
        {
            get
            {
                lock (received)
                {
                    return [.. received];
                }
            }
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException)
                {
                    return;
                }
                lock (received)
                {
                    received.Add("connection");
                }
                _ = ReadRequestLineAsync(client);
            }
        }

        private async Task ReadRequestLineAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    using var reader = new StreamReader(client.GetStream());
                    var line = await reader.ReadLineAsync(stop.Token);
                    lock (received)
                    {
                        received.Add(line ?? "(nothing sent)");
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }
    }
}
