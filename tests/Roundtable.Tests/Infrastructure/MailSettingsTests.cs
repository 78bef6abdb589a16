using Roundtable.Web.Infrastructure.Mail;

namespace Roundtable.Tests.Infrastructure;

public sealed class MailSettingsTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(19, true)]
    [InlineData(-1, false)]
    [InlineData(20, false)]
    public void Delivery_nice_is_a_nice_increment_from_0_to_19(int nice, bool accepted)
    {
        var problems = new MailSettings { DeliveryNice = nice }.Problems().ToList();
        Assert.Equal(accepted ? [] : ["Mail:DeliveryNice must be between 0 and 19."], problems);
    }

    [Theory]
    [InlineData("SslOnConnect", true)]
    [InlineData("starttls", true)]
    [InlineData("None", true)]
    [InlineData("SSLOnConnct", false)]
    [InlineData("2", false)]
    [InlineData("", false)]
    public void The_tls_mode_is_one_of_mailkits_by_name_and_a_mistyped_one_is_refused(string security, bool accepted)
    {
        var settings = new MailSettings { Security = security };
        var problems = settings.Problems().ToList();
        if (accepted)
        {
            Assert.Empty(problems);
            Assert.Equal(security, settings.SecureSocketOptions.ToString(), ignoreCase: true);
        }
        else
        {
            Assert.Contains(problems, p => p.StartsWith("Mail:Security must be one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("http://localhost:5080", false, true)]
    [InlineData("http://127.0.0.1:5080", false, true)]
    [InlineData("http://localhost:5080", true, false)]
    [InlineData("https://roundtables.meridian.example.org", false, false)]
    public void Links_pointing_at_the_recipients_own_computer_are_warned_about_outside_development(string url, bool development, bool warned)
    {
        var warnings = new MailSettings { PublicBaseUrl = url }.Warnings(development).ToList();
        Assert.Equal(warned, warnings.Count == 1 && warnings[0].Contains("each recipient's own computer", StringComparison.Ordinal));
        Assert.Equal(warned ? 1 : 0, warnings.Count);
    }
}
