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
}
