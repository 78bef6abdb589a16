using Roundtable.Tests.Support;
using Roundtable.Web.Features.Proceedings;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.Reports;

/// <summary>
/// A roundtable with six presentations built through the app's own use cases: one without discussion, one whose
/// presenter may not be named, one with audience remarks, one with unnamed participants A, B, A. All approved unless asked.
/// </summary>
public sealed class ReportScenario
{
    public required AppFactory App { get; init; }
    public long OrganizerId { get; init; }
    public string OrganizerEmail { get; init; } = "";
    public long RoundtableId { get; init; }
    public List<long> Presentations { get; } = [];
    public long Director { get; init; }
    public long Harlan { get; init; }
    public long Quiet { get; init; }

    public static async Task<ReportScenario> CreateAsync(AppFactory app, bool approveAll = true, string? tag = null)
    {
        tag ??= Guid.NewGuid().ToString("N")[..8];
        var email = $"org-{tag}@report.example.org";
        var organizerId = await app.CreateUserAsync(email, Roles.Organizer, name: "Rhoda Organizer");
        var rid = await app.RoundtableAsync(organizerId, "Northern Lights Roundtable " + tag);
        async Task<long> Join(string name, bool named, string? bio, params string[] roles)
        {
            var person = await app.PersonAsync(name, $"{name.Replace(' ', '.').ToLowerInvariant()}-{tag}@report.example.org", name == "James Harlan" ? "Jim" : null);
            if (bio is not null)
            {
                await using var conn = await app.Db.OpenAsync();
                await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE people SET biography = @bio WHERE id = @person", new { bio, person });
            }
            return await app.ParticipantAsync(rid, person, named, roles);
        }
        var director = await Join("Diana Director", true, "Diana Director leads the institute.", "director", "organizer");
        var rapA = await Join("Rafael Rapporteur", true, "Rafael Rapporteur writes about northern security.", "rapporteur");
        var rapB = await Join("Rosa Rapporteur", true, "Rosa Rapporteur studies the law of the sea.", "rapporteur");
        var named = await Join("Nora Named", true, "Nora Named is a named presenter.", "presenter");
        var harlan = await Join("James Harlan", false, "James Harlan writes on competition.", "presenter");
        var quiet = await Join("Quentin Quiet", false, null, "participant");
        var other = await Join("Olga Other", false, null, "participant");
        var tate = await Join("William Tate", true, null, "participant");
        await app.ParticipantAsync(rid, await app.PersonAsync("Annie Audience", $"annie-{tag}@report.example.org"), false, "observer");

        var s = new ReportScenario { App = app, OrganizerId = organizerId, OrganizerEmail = email, RoundtableId = rid, Director = director, Harlan = harlan, Quiet = quiet };
        var titles = new[] { "Opening the Ice", "No Questions Asked", "Competition Unnamed", "Voices from the Floor", "Many Hands", "Closing the Circle" };
        var presenters = new[] { named, named, harlan, named, named, named };
        for (var i = 0; i < 6; i++)
        {
            s.Presentations.Add(await app.PresentationAsync(rid, titles[i], [presenters[i]], [i % 2 == 0 ? rapA : rapB], named: i != 2));
        }
        await s.SummaryAsync(0, "{presenter} opened by describing the thaw.");
        await s.AddAsync(0, tate, "asked whether the thaw was permanent.");
        await s.AddAsync(0, named, "replied that it was, for practical purposes.");
        await s.SummaryAsync(1, "{presenter} spoke without taking questions.");
        await s.SummaryAsync(2, "{presenter} argued that competition is now the normal condition.");
        await s.AddAsync(2, quiet, "asked how predictable competition could be.");
        await s.AddAsync(2, harlan, "replied that informal channels still existed.");
        await s.SummaryAsync(3, "{presenter} described the view from coastal towns.");
        await s.AddAsync(3, tate, "noted from the back of the room that towns were rarely asked.", audience: true);
        await s.AddAsync(3, null, "wondered who would pay for new ports.", audience: true);
        await s.SummaryAsync(4, "{presenter} counted the agencies involved.");
        await s.AddAsync(4, quiet, "asked who coordinates them.");
        await s.AddAsync(4, other, "said nobody does.");
        await s.AddAsync(4, quiet, "agreed, and added that this was the point.");
        await s.SummaryAsync(5, "{presenter} closed the day.");
        await s.AddAsync(5, tate, "thanked the organizers.");
        if (approveAll)
        {
            for (var i = 0; i < 6; i++)
            {
                await s.ApproveAsync(i);
            }
        }
        await s.SaveTextsAsync(t => t);
        return s;
    }

    public async Task SummaryAsync(int index, string text)
    {
        var result = await App.Run<SaveSummary, WriteResult<long>>(f => f.HandleAsync(Presentations[index], new SummaryForm { Text = text, Revision = 0 }, OrganizerId, CancellationToken.None));
        Assert.True(result.Ok, $"{result.Outcome}");
    }

    public async Task AddAsync(int index, long? speaker, string text, bool audience = false)
    {
        var result = await App.Run<AddStatement, WriteResult<StatementRecord>>(f => f.HandleAsync(Presentations[index],
            new StatementForm { SpeakerId = speaker, Audience = audience, Kind = StatementKinds.Infer(text), Text = text }, OrganizerId, CancellationToken.None));
        Assert.True(result.Ok, $"{result.Outcome}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    public async Task ApproveAsync(int index)
    {
        var id = Presentations[index];
        var edited = await App.Run<ChangeStatus, WriteResult<string>>(f => f.HandleAsync(id, ProceedingStatus.Edited, OrganizerId, CancellationToken.None));
        Assert.True(edited.Ok, $"{edited.Outcome}");
        var version = (await App.Run<GetProceedings, GetProceedings.Roundtable>(f => f.HandleAsync(RoundtableId, CancellationToken.None)))
            .Presentations.Single(p => p.Id == id).Version;
        var approved = await App.Run<ApproveProceedings, WriteResult<bool>>(f => f.HandleAsync(RoundtableId, id, version, OrganizerId, CancellationToken.None));
        Assert.True(approved.Ok, $"{approved.Outcome}: {string.Join("; ", approved.Errors.Select(e => e.Message))}");
    }

    public async Task SaveTextsAsync(Func<ReportForm, ReportForm> change)
    {
        var form = change(new ReportForm
        {
            ReportNumber = "NLR-1", Foreword = "We held a roundtable.", ForewordSignerParticipationId = Director, ForewordSignerTitle = "Director",
            ConferenceSummary = "Participants agreed on little.", PolicyImplications = "Governments should talk.", Recommendations = "Meet again.",
            DistributionStatement = "Unlimited.", Disclaimer = "Views are the authors' own.", CommentsInstructions = "Write to us.",
        });
        var result = await App.Run<SaveReport, Result<bool>>(f => f.HandleAsync(RoundtableId, form, OrganizerId, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    public Task<Result<AssembleEdition.Assembled>> AssembleAsync() =>
        App.Run<AssembleEdition, Result<AssembleEdition.Assembled>>(f => f.HandleAsync(RoundtableId, OrganizerId, CancellationToken.None));

    public Task<GetEdition.Row?> EditionAsync(int number) =>
        App.Run<GetEdition, GetEdition.Row?>(f => f.HandleAsync(RoundtableId, number, CancellationToken.None));

    public Task<Result<DateTime>> PublishAsync(int number, string? reason = null, DateTime? at = null) =>
        App.Run<PublishEdition, Result<DateTime>>(f => f.HandleAsync(RoundtableId, number, at, reason, OrganizerId, CancellationToken.None));
}
