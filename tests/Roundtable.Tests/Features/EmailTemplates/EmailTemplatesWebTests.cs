using System.Net;
using System.Net.Http.Json;
using Dapper;
using Roundtable.Tests.Support;

namespace Roundtable.Tests.Features.EmailTemplates;

public sealed class EmailTemplatesWebTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    /// <summary>The template editor's fields (TemplateFailuresTests posts the same form).</summary>
    internal static Dictionary<string, string> Form(string subject, string text = "Dear {{ recipient.greeting }}, {{ rsvp.accept_url }}", string html = "<p>{{ roundtable.title }}</p>") => new()
    {
        ["Form.Subject"] = subject, ["Form.TextBody"] = text, ["Form.HtmlBody"] = html,
    };

    /// <summary>Posts the editor's form to <paramref name="url"/> and returns the errors the page shows.</summary>
    internal static async Task<string> RefusalAsync(WebSession web, string url, Dictionary<string, string> form) =>
        (await WebSession.ParseAsync(await web.PostFormAsync(url, url, form))).QuerySelector(".errors")!.TextContent;

    [Fact]
    public async Task An_unknown_placeholder_is_refused_at_save_with_its_name()
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Unknown", 1);
        using var web = await app.SignInAsync("org-unknown@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/invitation";
        var response = await web.PostFormAsync(url, url, Form("Hello {{ roundtable.titel }}", html: "{% if update %}{{ recipient.nickname }}{% endif %}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent;
        Assert.Contains("unknown placeholder {{ roundtable.titel }}", errors);
        Assert.Contains("unknown placeholder {{ recipient.nickname }}", errors);
        Assert.Equal(0L, await OverridesAsync(roundtableId));
    }

    [Fact]
    public async Task Each_mail_lists_and_accepts_only_the_placeholders_it_fills()
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Scoped", 1);
        using var web = await app.SignInAsync("org-scoped@tests.example.org");
        var invitation = $"/roundtables/{roundtableId}/templates/invitation";
        var report = $"/roundtables/{roundtableId}/templates/report";
        var offered = (await web.GetPageAsync(invitation)).QuerySelector(".placeholder-list")!.TextContent;
        Assert.Contains("rsvp.accept_url", offered);
        Assert.Contains("{{ update }}", offered);
        Assert.DoesNotContain("report.url", offered);
        Assert.DoesNotContain("reminder.days_before", offered);
        offered = (await web.GetPageAsync(report)).QuerySelector(".placeholder-list")!.TextContent;
        Assert.Contains("report.url", offered);
        Assert.Contains("follow_up.date", offered);
        Assert.DoesNotContain("rsvp.", offered);

        // A report mail has no RSVP links (its rsvp.expires would read "1 January 0001"); an invitation has no report.
        Assert.Contains("Subject: {{ report.url }} is not filled in the invitation mail.",
            await RefusalAsync(web, invitation, Form("Read it: {{ report.url }}")));
        Assert.Contains("Text part: {{ rsvp.expires }} is not filled in the report mail.",
            await RefusalAsync(web, report, Form("The report", text: "Answer by {{ rsvp.expires }}: {{ report.url }}")));
        Assert.Contains("Subject: {{ update }} is not filled in the RSVP confirmation mail.",
            await RefusalAsync(web, $"/roundtables/{roundtableId}/templates/rsvp_confirmation", Form("{% if update %}New date{% endif %}")));
        Assert.Equal(0L, await OverridesAsync(roundtableId));
    }

    [Fact]
    public async Task Every_mails_wording_is_reachable_from_the_mailings_and_invitations_pages()
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Reach", 1);
        using var web = await app.SignInAsync("org-Reach@tests.example.org");
        // Before any mail is sent too: the rewording comes first.
        var mailings = await web.GetPageAsync($"/roundtables/{roundtableId}/mailings");
        Assert.Contains("Send the invitations", mailings.QuerySelector(".card.empty")!.TextContent);
        var wording = await web.GetPageAsync(mailings.QuerySelector("#mail-wording")!.GetAttribute("href")!);
        Assert.Equal(["Invitation", "RSVP confirmation", "Reminder", "Report"], wording.QuerySelectorAll("td > a").Select(a => a.TextContent).ToArray());
        var invitations = await web.GetPageAsync($"/roundtables/{roundtableId}/invitations");
        Assert.NotNull(invitations.QuerySelector($"a[href='/roundtables/{roundtableId}/templates/invitation']"));
        Assert.NotNull(invitations.QuerySelector($"a[href='/roundtables/{roundtableId}/templates/reminder']"));

        // Once the roundtable is held, the empty page no longer suggests sending invitations.
        await using (var conn = await app.Db.OpenAsync())
        {
            await conn.ExecuteAsync("UPDATE roundtables SET status = 'held' WHERE id = @roundtableId", new { roundtableId });
        }
        mailings = await web.GetPageAsync($"/roundtables/{roundtableId}/mailings");
        Assert.Equal("No mail sent for this roundtable yet.", mailings.QuerySelector(".card.empty")!.TextContent.Trim());
        Assert.NotNull(mailings.QuerySelector("#mail-wording"));
    }

    [Theory]
    [InlineData("invitation")]
    [InlineData("rsvp_confirmation")]
    [InlineData("reminder")]
    [InlineData("report")]
    public async Task Every_default_wording_saves_as_it_is_shown(string kind)
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync($"Default-{kind}", 1);
        using var web = await app.SignInAsync($"org-Default-{kind}@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/{kind}";
        var page = await web.GetPageAsync(url);
        var saved = await web.SubmitAsync(url, url, new()
        {
            ["Form.Subject"] = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Form_Subject")!).Value,
            ["Form.TextBody"] = page.QuerySelector("#Form_TextBody")!.TextContent,
            ["Form.HtmlBody"] = page.QuerySelector("#Form_HtmlBody")!.TextContent,
        });
        Assert.Contains("customised", saved.QuerySelector("#template-head")!.TextContent);
        Assert.Equal(1L, await OverridesAsync(roundtableId));
    }

    [Fact]
    public async Task A_template_that_does_not_parse_or_render_is_refused_at_save()
    {
        var (roundtableId, _) = await app.RoundtableWithInviteesAsync("Broken", 1);
        using var web = await app.SignInAsync("org-broken@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/invitation";
        Assert.Contains("Subject:", await RefusalAsync(web, url, Form("{% if %}")));
        Assert.Contains("Subject: unknown filter \"shout\"", await RefusalAsync(web, url, Form("{{ roundtable.title | shout }}")));
        Assert.Equal(0L, await OverridesAsync(roundtableId));
    }

    [Fact]
    public async Task A_saved_override_is_used_by_the_next_invitation_and_reset_restores_the_default()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Custom", 1);
        using var web = await app.SignInAsync("org-custom@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/invitation";
        var page = await web.GetPageAsync(url);
        Assert.Contains("rsvp.accept_url", page.QuerySelector(".placeholder-list")!.TextContent);
        Assert.Contains("Invitation: Roundtable Custom", page.QuerySelector("[data-preview=subject]")!.TextContent);

        var saved = await web.SubmitAsync(url, url, Form("Join us, {{ recipient.name }}"));
        Assert.Contains("customised", saved.QuerySelector("#template-head")!.TextContent);
        await app.InviteAsync(roundtableId, participations);
        await using (var conn = await app.Db.OpenAsync())
        {
            Assert.Equal("Join us, Custom Person000", await conn.ExecuteScalarAsync<string>(
                "SELECT o.subject FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @roundtableId", new { roundtableId }));
        }
        var reset = await web.SubmitAsync(url, url + "/reset", []);
        Assert.Contains("default wording", reset.QuerySelector("#template-head")!.TextContent);
        Assert.Equal(0L, await OverridesAsync(roundtableId));
    }

    [Fact]
    public async Task The_live_preview_renders_for_the_chosen_recipient_and_lists_problems()
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync("Preview", 2);
        using var web = await app.SignInAsync("org-preview@tests.example.org");
        var url = $"/roundtables/{roundtableId}/templates/reminder";
        var fields = Form("For {{ recipient.email }} in {{ reminder.days_before }} days");
        fields["Form.ParticipationId"] = participations[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await web.PostFormAsync(url, url + "/preview", fields);
        var preview = await response.Content.ReadFromJsonAsync<PreviewJson>();
        Assert.Equal("For preview001@invitees.example.org in 3 days", preview!.Subject);
        Assert.Empty(preview.Errors);

        fields["Form.Subject"] = "{{ nope }}";
        var bad = await (await web.PostFormAsync(url, url + "/preview", fields)).Content.ReadFromJsonAsync<PreviewJson>();
        Assert.Contains(bad!.Errors, e => e.Contains("unknown placeholder {{ nope }}"));
        Assert.Null(bad.Subject);

        var html = await web.PostFormAsync(url, url + "/preview-html", Form("x", html: "<p style=\"color:red\">{{ roundtable.title }}</p>"));
        Assert.Contains("Roundtable Preview", await html.Content.ReadAsStringAsync());
        Assert.Contains("sandbox", html.Headers.GetValues("Content-Security-Policy").Single());
    }

    private sealed record PreviewJson(string[] Errors, string? Subject, string? Text, string? Recipient);

    private async Task<long> OverridesAsync(long roundtableId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM email_templates WHERE roundtable_id = @roundtableId", new { roundtableId });
    }
}
