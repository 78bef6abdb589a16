using System.Net;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Invitations;

namespace Roundtable.Tests.Features.Invitations;

public sealed class RsvpWebTests(DirectJobsAppFactory app) : IClassFixture<DirectJobsAppFactory>
{
    private async Task<(long Participation, string Token)> InviteeAsync(string prefix)
    {
        var (roundtableId, participations) = await app.RoundtableWithInviteesAsync(prefix, 1);
        await app.InviteAsync(roundtableId, participations);
        var tokens = app.Services.GetRequiredService<RsvpTokens>();
        return (participations[0], tokens.Create(participations[0], DateTimeOffset.UtcNow.AddDays(30)));
    }

    private async Task<(string Status, string? Answer, string? Comment)> StateAsync(long participationId)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.QuerySingleAsync<(string, string?, string?)>(
            "SELECT pa.invitation_status, r.answer, r.comment FROM participations pa LEFT JOIN rsvp_responses r ON r.participation_id = pa.id WHERE pa.id = @participationId",
            new { participationId });
    }

    [Fact]
    public async Task Opening_the_link_changes_nothing_and_the_invitee_can_answer_comment_and_change_the_answer()
    {
        var (participation, token) = await InviteeAsync("Change");
        using var web = new WebSession(app.NewClient());
        var page = await web.GetPageAsync($"/rsvp/{token}?answer=declined");
        Assert.Equal("declined", page.QuerySelector("input[name=answer][checked]")!.GetAttribute("value"));
        Assert.Equal(("invited", null, null), await StateAsync(participation));

        await web.SubmitAsync($"/rsvp/{token}", $"/rsvp/{token}", new() { ["answer"] = "tentative", ["comment"] = "Depends on my flight." });
        Assert.Equal(("tentative", "tentative", "Depends on my flight."), await StateAsync(participation));
        var again = await web.SubmitAsync($"/rsvp/{token}", $"/rsvp/{token}", new() { ["answer"] = "accepted", ["comment"] = "Flight booked." });
        Assert.Contains("I will attend", again.QuerySelector("#answered")!.TextContent);
        Assert.Equal(("accepted", "accepted", "Flight booked."), await StateAsync(participation));
        await using var conn = await app.Db.OpenAsync();
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE participation_id = @participation AND template = 'rsvp_confirmation'", new { participation }));
    }

    [Fact]
    public async Task The_rsvp_page_and_its_answer_are_never_cached()
    {
        var (_, token) = await InviteeAsync("NoStore");
        using var web = new WebSession(app.NewClient());
        Assert.Contains("no-store", (await web.Client.GetAsync($"/rsvp/{token}")).Headers.CacheControl!.ToString());
        var answered = await web.PostFormAsync($"/rsvp/{token}", $"/rsvp/{token}", new() { ["answer"] = "accepted" });
        Assert.Contains("no-store", answered.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_tampered_token_shows_a_friendly_page_and_changes_nothing()
    {
        var (participation, token) = await InviteeAsync("Tamper");
        var tampered = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];
        using var web = new WebSession(app.NewClient());
        var page = await web.GetPageAsync($"/rsvp/{tampered}?answer=accepted", HttpStatusCode.BadRequest);
        Assert.Equal("This link cannot be used", page.QuerySelector("h1")!.TextContent);

        var valid = await web.GetPageAsync($"/rsvp/{token}");
        var antiforgery = valid.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await web.Client.PostAsync($"/rsvp/{tampered}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["answer"] = "declined", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(("invited", null, null), await StateAsync(participation));
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_refused()
    {
        var (participation, _) = await InviteeAsync("Expired");
        var expired = app.Services.GetRequiredService<RsvpTokens>().Create(participation, DateTimeOffset.UtcNow.AddMinutes(-1));
        var forged = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Some.Other.Purpose").Protect(participation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var web = new WebSession(app.NewClient());
        foreach (var token in new[] { expired, forged, "not-a-token", participation.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            var page = await web.GetPageAsync($"/rsvp/{token}", HttpStatusCode.BadRequest);
            Assert.NotNull(page.QuerySelector("#rsvp-invalid"));
        }
        Assert.Equal(("invited", null, null), await StateAsync(participation));
    }

    [Fact]
    public async Task An_answer_outside_the_choices_is_a_validation_message()
    {
        var (participation, token) = await InviteeAsync("Bogus");
        using var web = new WebSession(app.NewClient());
        var response = await web.PostFormAsync($"/rsvp/{token}", $"/rsvp/{token}", new() { ["answer"] = "maybe-later" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose whether you will attend", (await WebSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(("invited", null, null), await StateAsync(participation));
    }
}
