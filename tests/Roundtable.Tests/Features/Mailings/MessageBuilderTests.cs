using MimeKit;
using Roundtable.Web.Features.Mailings;

namespace Roundtable.Tests.Features.Mailings;

public sealed class MessageBuilderTests
{
    [Fact]
    public void A_body_is_serialized_under_the_boundary_it_is_given()
    {
        var (contentType, wire) = MessageBuilder.Serialize("Plain text", "<p>HTML</p>", null, Outbox.Boundary(7));

        var body = Assert.IsType<MultipartAlternative>(MimeEntity.Load(ContentType.Parse(contentType), new MemoryStream(wire)));
        Assert.Equal(Outbox.Boundary(7), body.Boundary);
        Assert.Equal(["Plain text", "<p>HTML</p>"], body.OfType<TextPart>().Select(p => p.Text.TrimEnd()));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("html")]
    [InlineData("calendar")]
    public void A_text_that_contains_the_boundary_gets_a_random_one_and_stays_whole(string where)
    {
        var boundary = Outbox.Boundary(8);
        var sneaky = $"before\r\n--{boundary}\r\nContent-Type: text/plain\r\n\r\nforged\r\n";
        var (contentType, wire) = MessageBuilder.Serialize(where == "text" ? sneaky : "text", where == "html" ? sneaky : "html",
            where == "calendar" ? sneaky : "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", boundary);

        var body = Assert.IsType<MultipartAlternative>(MimeEntity.Load(ContentType.Parse(contentType), new MemoryStream(wire)));
        Assert.NotEqual(boundary, body.Boundary);
        Assert.Equal(3, body.Count);
        Assert.Contains(body.OfType<TextPart>(), p => p.Text.Contains("forged", StringComparison.Ordinal));
    }

    [Fact]
    public void Boundaries_differ_between_mailings()
    {
        Assert.NotEqual(Outbox.Boundary(1), Outbox.Boundary(2));
        Assert.StartsWith("=-", Outbox.Boundary(1), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NewLineFormat.Dos, "\r\n")]
    [InlineData(NewLineFormat.Unix, "\n")]
    public void A_part_written_from_its_wire_form_has_one_blank_line_after_its_headers(NewLineFormat format, string nl)
    {
        var attachment = new MailingAttachment { FileName = "report.pdf", ContentType = "application/pdf", Content = "PDF"u8.ToArray() };
        using var mixed = new Multipart("mixed") { new WireBody("text/plain; charset=us-ascii", "Plain text\r\n"u8.ToArray()), new EncodedAttachment(attachment) };
        using var written = new MemoryStream();

        mixed.WriteTo(new FormatOptions { NewLineFormat = format }, written);

        var text = System.Text.Encoding.ASCII.GetString(written.ToArray());
        Assert.Contains($"Content-Type: text/plain; charset=us-ascii{nl}{nl}Plain text{nl}", text, StringComparison.Ordinal);
        Assert.Contains($"{nl}{nl}UERG{nl}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nl + nl + nl, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rt.7.participation-43.0@roundtable.example.org")]
    [InlineData("\"a quoted id\"@roundtable.example.org")]
    public void A_reused_message_carries_the_next_recipients_message_id_and_address_alone(string secondId)
    {
        var builder = new MessageBuilder(null!, new Roundtable.Web.Infrastructure.Mail.MailSettings { From = "invitations@institute.example.org" }, TimeProvider.System);
        var (contentType, wire) = MessageBuilder.Serialize("Plain text", "<p>HTML</p>", null, Outbox.Boundary(7));
        ClaimedMessage Row(string name, string address, string id) => new()
        {
            MailingId = 7, RecipientName = name, Address = address, Subject = "Invitation", MessageId = id,
            Content = new OutboxContent { ContentType = contentType, Wire = wire },
        };
        using var first = builder.Build(Row("Dr. Ada Lund", "ada@example.org", "rt.7.participation-42.0@roundtable.example.org"), []);

        var second = builder.Build(Row("Jürgen Ødegård", "jurgen@example.org", secondId), [], first);

        // What MimeKit writes for that id and that recipient on a message of its own.
        var expected = new MimeMessage { MessageId = secondId };
        expected.To.Add(new MailboxAddress("Jürgen Ødegård", "jurgen@example.org"));
        Assert.Same(first, second);
        Assert.Equal(expected.MessageId, second.MessageId);
        Assert.Equal("jurgen@example.org", Assert.Single(second.To.Mailboxes).Address);
        Assert.Equal(HeaderLine(expected, "Message-Id"), HeaderLine(second, "Message-Id"));
        Assert.Equal(HeaderLine(expected, "To"), HeaderLine(second, "To"));
    }

    private static string HeaderLine(MimeMessage message, string field)
    {
        using var written = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, written, headersOnly: true);
        var lines = System.Text.Encoding.ASCII.GetString(written.ToArray()).Split("\r\n");
        return Assert.Single(lines, l => l.StartsWith(field + ":", StringComparison.Ordinal));
    }
}
