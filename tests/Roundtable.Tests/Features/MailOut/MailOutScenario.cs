using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Tests.Features.Reports;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Reconvene;
using Roundtable.Web.Features.Roundtables;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.MailOut;

/// <summary>
/// The report scenario (six approved presentations, nine people who attended) with any number of further guests
/// who attended, and optionally a follow-up reconvened from it through the app's own use case, with new invitees.
/// </summary>
public sealed class MailOutScenario
{
    public required ReportScenario Report { get; init; }
    public required string Tag { get; init; }
    public List<string> Guests { get; } = [];
    public List<string> NewInvitees { get; } = [];
    public long? FollowUpId { get; private set; }

    public AppFactory App => Report.App;
    public long RoundtableId => Report.RoundtableId;
    public long OrganizerId => Report.OrganizerId;

    /// <summary>Addresses of everyone who should receive the report by default (all attended).</summary>
    public IEnumerable<string> Attendees => ReportPeople.Select(n => $"{n.Replace(' ', '.').ToLowerInvariant()}-{Tag}@report.example.org")
        .Append($"annie-{Tag}@report.example.org").Concat(Guests);

    private static readonly string[] ReportPeople =
        ["Diana Director", "Rafael Rapporteur", "Rosa Rapporteur", "Nora Named", "James Harlan", "Quentin Quiet", "Olga Other", "William Tate"];

    public static async Task<MailOutScenario> CreateAsync(AppFactory app, int guests = 0, int newInvitees = 0, bool approveAll = true, bool followUp = true)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var s = new MailOutScenario { Report = await ReportScenario.CreateAsync(app, approveAll, tag), Tag = tag };
        await using (var conn = await app.Db.OpenAsync())
        {
            // The roundtable has taken place: a month ago.
            var held = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd");
            await conn.ExecuteAsync("UPDATE roundtables SET start_date = @held, end_date = @held, status = 'proceedings' WHERE id = @id", new { held, id = s.RoundtableId });
        }
        await s.AddGuestsAsync(guests);
        if (followUp)
        {
            await s.ReconveneAsync(newInvitees);
        }
        return s;
    }

    /// <summary>Guests who attended, written in one transaction (thousands in a second).</summary>
    public async Task AddGuestsAsync(int count, string domain = "guests.example.org")
    {
        var now = DateTime.UtcNow;
        await using var conn = await App.Db.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            var email = $"guest{Guests.Count:00000}-{Tag}@{domain}";
            var personId = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO people (full_name, name_in_print, surname, sort_name, email, email_normalized, created_at, updated_at)
                VALUES (@name, @name, @surname, @surname, @email, @normalized, @now, @now) RETURNING id
                """, new { name = $"Guest Number{Guests.Count:00000}", surname = $"Number{Guests.Count:00000}", email, normalized = email.ToUpperInvariant(), now }, tx);
            var participationId = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO participations (roundtable_id, person_id, attended, invitation_status, created_at)
                VALUES (@roundtableId, @personId, @yes, 'accepted', @now) RETURNING id
                """, new { roundtableId = RoundtableId, personId, yes = true, now }, tx);
            await conn.ExecuteAsync("INSERT INTO participation_roles (participation_id, role) VALUES (@participationId, 'participant')", new { participationId }, tx);
            Guests.Add(email);
        }
        await tx.CommitAsync();
    }

    public async Task ReconveneAsync(int newInvitees, DateOnly? date = null)
    {
        var lines = Enumerable.Range(0, newInvitees).Select(i => $"Newcomer Number{i:000} <newcomer{i:000}-{Tag}@new.example.org>").ToList();
        NewInvitees.AddRange(Enumerable.Range(0, newInvitees).Select(i => $"newcomer{i:000}-{Tag}@new.example.org"));
        var participations = await App.Run<Roundtable.Web.Features.Participants.ListParticipants, IReadOnlyList<Roundtable.Web.Features.Participants.ListParticipants.Row>>(
            l => l.HandleAsync(RoundtableId, null, CancellationToken.None));
        var result = await App.Run<ReconveneRoundtable, Result<Reconvened>>(r => r.HandleAsync(RoundtableId, new ReconveneForm
        {
            Details = new RoundtableForm
            {
                Title = "Northern Lights Reconvened " + Tag, StartDate = date ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60),
                StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(17, 0), TimeZone = "Europe/Oslo", Venue = "Fram Centre, Tromsø",
            },
            CarryOver = participations.Where(ReconveneController.CarriesOverByDefault).Select(p => p.Id).ToList(),
            NewPeople = string.Join('\n', lines),
        }, OrganizerId, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        FollowUpId = result.Value!.RoundtableId;
    }

    /// <summary>Assembles an edition of the report (as the organizer would on the report page) and returns its number.</summary>
    public async Task<int> AssembleAsync()
    {
        var assembled = await Report.AssembleAsync();
        Assert.True(assembled.Ok, string.Join("; ", assembled.Errors.Select(e => e.Message)));
        return assembled.Value!.Number;
    }

    /// <summary>
    /// Plans a mail-out. Unless the form names an edition, one is assembled first and chosen, and starting or scheduling
    /// confirms it, as the organizer does on the page.
    /// </summary>
    public async Task<MailOutRun> PlanAsync(string action = "start", Action<MailOutForm>? change = null)
    {
        var form = new MailOutForm { Action = action };
        change?.Invoke(form);
        if (form.Edition is null)
        {
            form.Edition = await AssembleAsync();
            form.ConfirmEdition ??= action == "save" ? null : form.Edition;
        }
        var result = await App.Run<PlanMailOut, Result<MailOutRun>>(p => p.HandleAsync(RoundtableId, form, OrganizerId, CancellationToken.None));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    public Task<Result<MailOutRun>> TryPlanAsync(MailOutForm form) =>
        App.Run<PlanMailOut, Result<MailOutRun>>(p => p.HandleAsync(RoundtableId, form, OrganizerId, CancellationToken.None));

    public async Task RunJobAsync(long runId, CancellationToken ct = default)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MailOutJob>().RunAsync(runId, ct);
    }

    public async Task DeliverAsync(long? mailingId)
    {
        Assert.NotNull(mailingId);
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverMailingJob>().RunAsync(mailingId.Value, CancellationToken.None);
    }

    public Task<MailOutRun> GetAsync(long runId) => App.Run<GetMailOutRun, MailOutRun>(async g => (await g.HandleAsync(runId, CancellationToken.None))!);

    public Task<RunProgress> ProgressAsync(long runId) => App.Run<GetRunProgress, RunProgress>(async g => (await g.HandleAsync(RoundtableId, runId, CancellationToken.None))!);

    public Task<IReadOnlyList<MailOutStep>> StepsAsync(long runId) => App.Run<GetMailOutRun, IReadOnlyList<MailOutStep>>(g => g.StepsAsync(runId, CancellationToken.None));

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var conn = await App.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args ?? new { roundtableId = RoundtableId });
    }
}
