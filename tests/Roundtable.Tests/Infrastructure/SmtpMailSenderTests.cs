using MimeKit;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Tests.Infrastructure;

public sealed class SmtpMailSenderTests
{
    [Fact]
    public async Task A_relay_given_by_name_is_resolved_and_reached()
    {
        // The name is looked up synchronously on the delivery thread (not on the thread pool, as the async lookup is).
        await using var server = new SmtpTestServer();
        var sender = new SmtpMailSender(new MailSettings { Host = "localhost", Port = server.Port, Security = "None", TimeoutSeconds = 10 });
        using (var connection = sender.Connect(CancellationToken.None))
        using (var message = new MimeMessage())
        {
            message.From.Add(new MailboxAddress("Roundtable", "roundtable@sender.example.org"));
            message.To.Add(new MailboxAddress("Reader", "reader@by-name.example.org"));
            message.Subject = "By name";
            message.Body = new TextPart("plain") { Text = "Reached through localhost." };
            connection.Send(message, CancellationToken.None);
        }
        await server.WaitForAsync(s => s.Received.Count == 1);
        Assert.Equal("reader@by-name.example.org", server.Received.Single().To.Mailboxes.Single().Address);
    }
}
