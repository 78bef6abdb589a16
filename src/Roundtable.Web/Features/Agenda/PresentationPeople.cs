using System.Globalization;

namespace Roundtable.Web.Features.Agenda;

internal static class PresentationPeople
{
    private sealed class Candidate
    {
        public long Id { get; init; }
        public string FullName { get; init; } = "";
        public bool MayBeNamed { get; init; }
        public bool IsRapporteur { get; init; }
    }

    private const string CandidatesSql = """
        SELECT pa.id, p.full_name, pa.may_be_named,
            EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'rapporteur') AS is_rapporteur
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId
        """;

    /// <summary>Presenters must take part in this roundtable, rapporteurs must be its rapporteurs, and a presenter who has not consented cannot be named.</summary>
    public static async Task<List<FieldError>> CheckAsync(DbConnection conn, DbTransaction tx, long roundtableId, PresentationForm form, CancellationToken ct)
    {
        var candidates = (await conn.QueryAsync<Candidate>(new CommandDefinition(CandidatesSql, new { roundtableId }, tx, cancellationToken: ct)))
            .ToDictionary(c => c.Id);
        var errors = new List<FieldError>();
        foreach (var id in form.PresenterIds.Distinct())
        {
            if (!candidates.TryGetValue(id, out var c))
            {
                errors.Add(new FieldError(nameof(form.PresenterIds), $"Presenter {id} does not take part in this roundtable."));
            }
            else if (form.PresenterNamed && !c.MayBeNamed)
            {
                errors.Add(new FieldError(nameof(form.PresenterNamed),
                    $"{c.FullName} has not agreed to be named; untick “presenter named in the report” or record their consent first."));
            }
        }
        foreach (var id in form.RapporteurIds.Distinct())
        {
            if (!candidates.TryGetValue(id, out var c))
            {
                errors.Add(new FieldError(nameof(form.RapporteurIds), $"Rapporteur {id} does not take part in this roundtable."));
            }
            else if (!c.IsRapporteur)
            {
                errors.Add(new FieldError(nameof(form.RapporteurIds), $"{c.FullName} is not a rapporteur of this roundtable; give them the rapporteur role first."));
            }
        }
        return errors;
    }

    public static DynamicParameters Params(PresentationForm form, long roundtableId, TimeProvider clock)
    {
        var p = new DynamicParameters();
        p.Add("roundtableId", roundtableId);
        p.Add("Title", form.Title.Trim());
        p.Add("StartTime", form.StartTime?.ToString("HH:mm", CultureInfo.InvariantCulture));
        p.Add("EndTime", form.EndTime?.ToString("HH:mm", CultureInfo.InvariantCulture));
        p.Add("PresenterNamed", form.PresenterNamed);
        p.Add("now", clock.GetUtcNow().UtcDateTime);
        return p;
    }

    private const string DeletePresentersSql = "DELETE FROM presentation_presenters WHERE presentation_id = @id";
    private const string DeleteRapporteursSql = "DELETE FROM presentation_rapporteurs WHERE presentation_id = @id";
    private const string InsertPresenterSql = "INSERT INTO presentation_presenters (presentation_id, participation_id) VALUES (@id, @participationId)";
    private const string InsertRapporteurSql = "INSERT INTO presentation_rapporteurs (presentation_id, participation_id) VALUES (@id, @participationId)";

    public static async Task ReplaceAsync(DbConnection conn, DbTransaction tx, long id, PresentationForm form, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(DeletePresentersSql, new { id }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(DeleteRapporteursSql, new { id }, tx, cancellationToken: ct));
        foreach (var participationId in form.PresenterIds.Distinct())
        {
            await conn.ExecuteAsync(new CommandDefinition(InsertPresenterSql, new { id, participationId }, tx, cancellationToken: ct));
        }
        foreach (var participationId in form.RapporteurIds.Distinct())
        {
            await conn.ExecuteAsync(new CommandDefinition(InsertRapporteurSql, new { id, participationId }, tx, cancellationToken: ct));
        }
    }
}
