using Roundtable.Web.Features.Attribution;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Proceedings;

/// <summary>
/// A roundtable with an organizer, two rapporteurs and a few speakers, built through the app's own use cases:
/// presentation One is assigned to rapporteur Ann; presentation Two to rapporteur Ben. Harlan may not be named
/// and presents One without being named.
/// </summary>
public sealed class ProceedingsScenario
{
    public required AppFactory App { get; init; }
    public required string Tag { get; init; }
    public long OrganizerId { get; init; }
    public long AnnUserId { get; init; }
    public long BenUserId { get; init; }
    public long RoundtableId { get; init; }
    public long One { get; init; }
    public long Two { get; init; }
    public long Harlan { get; init; }
    public long Tate { get; init; }
    public long Nwosu { get; init; }
    public string OrganizerEmail => $"org-{Tag}@pc.example.org";
    public string AnnEmail => $"ann-{Tag}@pc.example.org";
    public string BenEmail => $"ben-{Tag}@pc.example.org";

    public string Api(long presentationId) => $"/api/roundtables/{RoundtableId}/presentations/{presentationId}/proceedings";
    public string Page(long presentationId) => $"/roundtables/{RoundtableId}/proceedings/{presentationId}";

    public static async Task<ProceedingsScenario> CreateAsync(AppFactory app, string? tag = null)
    {
        tag ??= Guid.NewGuid().ToString("N")[..8];
        var organizerId = await app.CreateUserAsync($"org-{tag}@pc.example.org", Roles.Organizer, name: "Olive Organizer");
        var roundtableId = await app.RoundtableAsync(organizerId, "Proceedings " + tag);
        var annPerson = await app.PersonAsync("Ann Rapp " + tag, $"ann-person-{tag}@pc.example.org");
        var benPerson = await app.PersonAsync("Ben Rapp " + tag, $"ben-person-{tag}@pc.example.org");
        var ann = await app.ParticipantAsync(roundtableId, annPerson, true, "rapporteur");
        var ben = await app.ParticipantAsync(roundtableId, benPerson, true, "rapporteur");
        var annUser = await app.CreateUserAsync($"ann-{tag}@pc.example.org", Roles.Rapporteur, annPerson, "Ann Rapp");
        var benUser = await app.CreateUserAsync($"ben-{tag}@pc.example.org", Roles.Rapporteur, benPerson, "Ben Rapp");
        var harlan = await app.ParticipantAsync(roundtableId, await app.PersonAsync("James Harlan", $"harlan-{tag}@pc.example.org", "Jim"), false, "presenter");
        var tate = await app.ParticipantAsync(roundtableId, await app.PersonAsync("William Tate", $"tate-{tag}@pc.example.org", "Bill"), true);
        var nwosu = await app.ParticipantAsync(roundtableId, await app.PersonAsync("Amara Nwosu", $"nwosu-{tag}@pc.example.org"), true, "presenter");
        return new ProceedingsScenario
        {
            App = app, Tag = tag, OrganizerId = organizerId, AnnUserId = annUser, BenUserId = benUser, RoundtableId = roundtableId,
            One = await app.PresentationAsync(roundtableId, "One", [harlan], [ann], named: false),
            Two = await app.PresentationAsync(roundtableId, "Two", [nwosu], [ben]),
            Harlan = harlan, Tate = tate, Nwosu = nwosu,
        };
    }

    public async Task<StatementRecord> AddAsync(long presentationId, long? speaker, string text, long? userId = null)
    {
        var result = await App.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(presentationId,
            new StatementForm { SpeakerId = speaker, Kind = StatementKinds.Infer(text), Text = text }, userId ?? AnnUserId, CancellationToken.None));
        Assert.True(result.Ok, $"{result.Outcome}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
        return result.Value!;
    }

    public async Task<GetProceedings.Presentation> GetAsync(long presentationId) =>
        (await App.Run<GetProceedings, (GetProceedings.Presentation, IReadOnlyList<ListSpeakers.Row>)?>(
            f => f.HandleAsync(RoundtableId, presentationId, CancellationToken.None)))!.Value.Item1;
}
