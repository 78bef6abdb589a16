using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Settings;

namespace Roundtable.Tests.Features.Settings;

public sealed class BrandingWebTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<HttpResponseMessage> PostAsync(WebSession web, byte[]? logo, string fileName, string colour = "#7a1f3d")
    {
        var page = await web.GetPageAsync("/settings/branding");
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Northern Policy Institute"), "Form.InstitutionName" },
            { new StringContent(colour), "Form.Colour" },
            { new StringContent("true"), "Form.Cover" },
        };
        if (logo is not null)
        {
            form.Add(new ByteArrayContent(logo), "Form.Logo", fileName);
        }
        return await web.Client.PostAsync("/settings/branding", form);
    }

    [Theory]
    [InlineData("notes.txt", "This is a text file, not a picture.", "“notes.txt” is not a PNG or JPEG image")]
    [InlineData("logo.svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "SVG logos are not accepted")]
    [InlineData("logo.png", "", "the most a logo may be is 512 KB")]
    public async Task A_logo_that_is_not_a_png_or_jpeg_or_too_large_is_refused_with_the_reason_and_nothing_is_saved(string name, string content, string message)
    {
        await app.CreateUserAsync("admin@branding.example.org", "administrator");
        using var web = await app.SignInAsync("admin@branding.example.org");
        // The too-large case: a real PNG signature followed by 600 KB.
        var before = await app.Run<GetBranding, GetBranding.Row>(g => g.HandleAsync(CancellationToken.None));
        var bytes = content.Length > 0 ? Encoding.UTF8.GetBytes(content) : [.. TestImages.PngBytes, .. new byte[600 * 1024]];
        var response = await PostAsync(web, bytes, name);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await WebSession.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        var saved = await app.Run<GetBranding, GetBranding.Row>(g => g.HandleAsync(CancellationToken.None));
        Assert.Equal((before.InstitutionName, before.Cover, before.Logo), (saved.InstitutionName, saved.Cover, saved.Logo));
    }

    [Fact]
    public async Task An_administrator_sets_the_branding_and_the_logo_is_served_for_mails_others_may_not()
    {
        await app.CreateUserAsync("admin2@branding.example.org", "administrator");
        await app.CreateUserAsync("organizer@branding.example.org", "organizer");
        using (var organizer = await app.SignInAsync("organizer@branding.example.org"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await organizer.Client.GetAsync("/settings/branding")).StatusCode);
        }
        using var web = await app.SignInAsync("admin2@branding.example.org");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(web, null, "", colour: "red; background: url(x)")).StatusCode);
        var response = await PostAsync(web, TestImages.PngBytes, "logo.png");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.Run<GetBranding, GetBranding.Row>(g => g.HandleAsync(CancellationToken.None));
        Assert.Equal(("Northern Policy Institute", "#7a1f3d", true, "image/png"), (saved.InstitutionName, saved.Colour, saved.Cover, saved.LogoType));
        // Every mail is headed by the institution's name, colour and logo (here the invitation, rendered as it is sent).
        var invitation = await app.Run<Roundtable.Web.Features.EmailTemplates.EmailTemplateStore, Roundtable.Web.Features.EmailTemplates.CompiledEmail>(
            t => t.CompileAsync(null, "invitation", CancellationToken.None));
        var rt = new Roundtable.Web.Features.Roundtables.GetRoundtable.Row { Title = "Branded Roundtable", StartDate = "2027-03-10", EndDate = "2027-03-10" };
        var mailSettings = app.Services.GetRequiredService<Roundtable.Web.Infrastructure.Mail.MailSettings>();
        var mail = invitation.Render(Roundtable.Web.Features.EmailTemplates.EmailModel.Build(rt, new Roundtable.Web.Features.EmailTemplates.EmailRecipient { FullName = "Ann Reader" },
            new Roundtable.Web.Features.EmailTemplates.RsvpLinks(), mailSettings));
        Assert.Contains($"<img src=\"{mailSettings.PublicBaseUrl.TrimEnd('/')}/branding/logo\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Northern Policy Institute</p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("border-top:4px solid #7a1f3d", mail.HtmlBody, StringComparison.Ordinal);

        using var anonymous = app.NewClient();
        var logo = await anonymous.GetAsync("/branding/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TestImages.PngBytes, await logo.Content.ReadAsByteArrayAsync());
    }
}
