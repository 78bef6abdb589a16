using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.People;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Support;

/// <summary>Creates test data through the app's own use cases.</summary>
public static class Builders
{
    public static async Task<long> PersonAsync(this AppFactory app, string fullName, string? email = null, string? shortNames = null)
    {
        var result = await app.Run<CreatePerson, Result<long>>(c => c.HandleAsync(new PersonForm
        {
            FullName = fullName,
            Email = email ?? fullName.ToLowerInvariant().Replace(' ', '.') + "@example.org",
            ShortNames = shortNames,
            Affiliation = "Test Institute",
        }, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }

    public static Task<long> RoundtableAsync(this AppFactory app, long createdByUserId, string title = "Test Roundtable") =>
        app.Run<CreateRoundtable, long>(c => c.HandleAsync(new RoundtableForm
        {
            Title = title,
            StartDate = new DateOnly(2027, 3, 10),
            StartTime = new TimeOnly(9, 0),
            EndTime = new TimeOnly(17, 0),
            TimeZone = "Europe/London",
            Venue = "Test Hall",
        }, createdByUserId, CancellationToken.None));

    public static async Task<long> ParticipantAsync(this AppFactory app, long roundtableId, long personId, bool mayBeNamed = true, params string[] roles)
    {
        var result = await app.Run<AddParticipant, Result<long>>(c => c.HandleAsync(roundtableId, new ParticipantForm
        {
            PersonId = personId, Roles = roles.Length == 0 ? ["participant"] : [.. roles], MayBeNamed = mayBeNamed, Attended = true,
        }, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }

    public static async Task<long> PresentationAsync(this AppFactory app, long roundtableId, string title, long[]? presenters = null, long[]? rapporteurs = null, bool named = true)
    {
        var result = await app.Run<CreatePresentation, Result<long>>(c => c.HandleAsync(roundtableId, new PresentationForm
        {
            Title = title, PresenterIds = [.. presenters ?? []], RapporteurIds = [.. rapporteurs ?? []], PresenterNamed = named,
        }, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }
}
