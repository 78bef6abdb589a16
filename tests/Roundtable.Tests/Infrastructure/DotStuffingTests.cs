using System.Text;
using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Tests.Infrastructure;

public sealed class DotStuffingTests
{
    private const string Undotted = "Dear colleague,\r\nthe roundtable meets at nine.\r\nthe dot. is mid-line, not at its start\r\nRegards\r\n";
    private const string Dotted = "Dear colleague,\r\n.hidden starts a line\r\n..two dots\r\n.\r\nthe line above is a lone dot\r\n";

    [Theory]
    [InlineData(Undotted)]
    [InlineData(Dotted)]
    [InlineData(".a dot on the first line\r\nand an undotted rest\r\n")]
    public async Task A_body_arrives_at_a_real_server_byte_for_byte_whether_or_not_its_lines_begin_with_a_dot(string text)
    {
        await using var server = new SmtpTestServer();
        var sender = new SmtpMailSender(new MailSettings { Host = "127.0.0.1", Port = server.Port, Security = "None", TimeoutSeconds = 10 });
        using (var connection = sender.Connect(CancellationToken.None))
        {
            foreach (var withAttachment in new[] { false, true })
            {
                using var message = Message(text, withAttachment);
                connection.Send(message, CancellationToken.None);
            }
        }

        await server.WaitForAsync(s => s.Received.Count == 2);
        foreach (var received in server.Received)
        {
            var body = received.BodyParts.OfType<MimePart>().First(p => p.ContentType.IsMimeType("text", "plain"));
            using var content = new MemoryStream();
            body.Content!.WriteTo(content); // the part's bytes as they arrived, before any decoding
            // The last line end belongs to what ends the part (the boundary, or the end of the data).
            Assert.Equal(text.TrimEnd('\r', '\n'), Encoding.ASCII.GetString(content.ToArray()).TrimEnd('\r', '\n'));
        }
        var attached = server.Received.Single(m => m.Attachments.Any());
        using var pdf = new MemoryStream();
        ((MimePart)attached.Attachments.Single()).Content!.DecodeTo(pdf);
        Assert.Equal("PDF bytes", Encoding.ASCII.GetString(pdf.ToArray()));
    }

    [Fact]
    public void While_sending_only_the_first_line_of_undotted_bytes_passes_the_filter_and_all_of_them_arrive()
    {
        var (seen, written) = WriteThroughFilter(Undotted, sending: true);

        Assert.Equal("Dear colleague,\r\n", seen);
        Assert.Equal(Undotted, written);
    }

    [Theory]
    [InlineData(Dotted, true)]
    [InlineData("no line end at the end", true)]
    [InlineData(Undotted, false)]
    public void Bytes_that_need_stuffing_and_bytes_written_outside_a_send_pass_the_filter_whole(string text, bool sending)
    {
        var (seen, written) = WriteThroughFilter(text, sending);

        Assert.Equal(text, seen);
        Assert.Equal(text, written);
    }

    private static (string Seen, string Written) WriteThroughFilter(string text, bool sending)
    {
        var recorder = new RecordingFilter();
        using var output = new MemoryStream();
        using (var filtered = new FilteredStream(output))
        {
            filtered.Add(recorder);
            using (sending ? DotStuffing.Sending() : default(DotStuffing.Scope?))
            {
                DotStuffing.Write(filtered, Encoding.ASCII.GetBytes(text), 8, CancellationToken.None);
            }
            filtered.Flush();
        }
        return (recorder.Seen.ToString(), Encoding.ASCII.GetString(output.ToArray()));
    }

    private static MimeMessage Message(string text, bool withAttachment)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Institute", "invitations@institute.example.org"));
        message.To.Add(new MailboxAddress("Participant", "participant@example.org"));
        message.Subject = "Dots";
        var body = new WireBody("text/plain; charset=us-ascii", Encoding.ASCII.GetBytes(text));
        if (!withAttachment)
        {
            message.Body = body;
            return message;
        }
        var attachment = new MailingAttachment { FileName = "report.pdf", ContentType = "application/pdf", Content = Encoding.ASCII.GetBytes("PDF bytes") };
        message.Body = new Multipart("mixed") { body, new EncodedAttachment(attachment) };
        return message;
    }

    /// <summary>Passes bytes through unchanged and keeps a copy of what it was given.</summary>
    private sealed class RecordingFilter : MimeFilterBase
    {
        public StringBuilder Seen { get; } = new();

        protected override byte[] Filter(byte[] input, int startIndex, int length, out int outputIndex, out int outputLength, bool flush)
        {
            Seen.Append(Encoding.ASCII.GetString(input, startIndex, length));
            outputIndex = startIndex;
            outputLength = length;
            return input;
        }

        public override void Reset() => Seen.Clear();
    }
}
