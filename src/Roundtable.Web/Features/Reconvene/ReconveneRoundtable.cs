using Roundtable.Web.Features.People;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Reconvene;

public sealed record Reconvened(long RoundtableId, int CarriedOver, int Added, int AgendaItems);

/// <summary>
/// Creates the follow-up roundtable in one transaction: its details, the chosen people of the parent (roles kept, a
/// presenter becomes a participant: the new agenda has no presenters yet), the people added, and one draft
/// presentation per chosen open question. Attribution consent and attendance start afresh; nobody is invited yet.
/// </summary>
public sealed class ReconveneRoundtable(Db db, CreateRoundtable createRoundtable, CreatePerson createPerson, TimeProvider clock)
{
    public const int TitleLength = 300;

    private const string ParentSql = "SELECT COUNT(*) FROM roundtables WHERE id = @parentId";
    private const string LinkSql = "UPDATE roundtables SET parent_roundtable_id = @parentId WHERE id = @id";

    private const string CarrySql = """
        INSERT INTO participations (roundtable_id, person_id, may_be_named, biography_in_report, attended, invitation_status, created_at)
        SELECT @id, pa.person_id, @no, @no, @no, 'not_invited', @now FROM participations pa
        WHERE pa.roundtable_id = @parentId AND pa.id IN @ids
        """;

    private const string CarryRolesSql = """
        INSERT INTO participation_roles (participation_id, role)
        SELECT np.id, CASE WHEN r.role IN ('presenter', 'keynote') THEN 'participant' ELSE r.role END
        FROM participations op
        JOIN participation_roles r ON r.participation_id = op.id
        JOIN participations np ON np.person_id = op.person_id AND np.roundtable_id = @id
        WHERE op.roundtable_id = @parentId AND op.id IN @ids
        ON CONFLICT DO NOTHING
        """;

    private const string PersonByEmailSql = "SELECT id FROM people WHERE email_normalized = @normalized";
    private const string PeopleExistSql = "SELECT id FROM people WHERE id IN @ids";

    private const string AddSql = """
        INSERT INTO participations (roundtable_id, person_id, may_be_named, biography_in_report, attended, invitation_status, created_at)
        VALUES (@id, @personId, @no, @no, @no, 'not_invited', @now)
        ON CONFLICT (roundtable_id, person_id) DO NOTHING
        RETURNING id
        """;

    private const string RoleSql = "INSERT INTO participation_roles (participation_id, role) VALUES (@participationId, 'participant')";

    private const string QuestionsSql = "SELECT text FROM open_questions WHERE roundtable_id = @parentId AND id IN @ids ORDER BY position, id";

    private const string PresentationSql = """
        INSERT INTO presentations (roundtable_id, position, title, presenter_named, created_at)
        VALUES (@id, @position, @title, @yes, @now)
        """;

    public async Task<Result<Reconvened>> HandleAsync(long parentId, ReconveneForm form, long userId, CancellationToken ct)
    {
        var (typed, errors) = NewInviteeLines.Parse(form.NewPeople, nameof(ReconveneForm.NewPeople));
        if (errors.Count > 0)
        {
            return Result<Reconvened>.Fail(errors);
        }
        form.Details.Status = "planning";
        var now = clock.GetUtcNow().UtcDateTime;
        // Refused here, at once, rather than when the report is mailed with invitations to a day already gone.
        if (form.Details.StartDate is { } start && start < TodayIn(form.Details.TimeZone, now))
        {
            return Result<Reconvened>.Fail("Details.StartDate",
                $"The follow-up's date, {start.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}, has passed: choose a day from today on.");
        }
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ParentSql, new { parentId }, tx, cancellationToken: ct)) == 0)
        {
            return Result<Reconvened>.Fail("", "The roundtable to reconvene does not exist.");
        }
        var id = await createRoundtable.InsertAsync(conn, tx, form.Details, userId, ct);
        await conn.ExecuteAsync(new CommandDefinition(LinkSql, new { id, parentId }, tx, cancellationToken: ct));

        var carry = form.CarryOver.Distinct().ToList();
        var carried = await conn.ExecuteAsync(new CommandDefinition(db.Sql(CarrySql), new { id, parentId, ids = carry, no = false, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(db.Sql(CarryRolesSql), new { id, parentId, ids = carry }, tx, cancellationToken: ct));

        var personIds = (await conn.QueryAsync<long>(new CommandDefinition(db.Sql(PeopleExistSql), new { ids = form.AddPeople.Distinct().ToList() }, tx, cancellationToken: ct))).AsList();
        foreach (var person in typed)
        {
            // Someone typed in who is already in the directory (same address) is that person, not a second record.
            if (person.Email is not null
                && await conn.ExecuteScalarAsync<long?>(new CommandDefinition(PersonByEmailSql, new { normalized = Emails.Normalize(person.Email) }, tx, cancellationToken: ct)) is { } existing)
            {
                personIds.Add(existing);
                continue;
            }
            var created = await createPerson.InsertAsync(conn, tx, new PersonForm { FullName = person.FullName, Email = person.Email }, ct);
            if (!created.Ok)
            {
                return Result<Reconvened>.Fail(created.Errors.Select(e => e with { Field = nameof(ReconveneForm.NewPeople) }).ToList());
            }
            personIds.Add(created.Value);
        }
        var added = 0;
        foreach (var personId in personIds.Distinct())
        {
            if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition(AddSql, new { id, personId, no = false, now }, tx, cancellationToken: ct)) is { } participationId)
            {
                await conn.ExecuteAsync(new CommandDefinition(RoleSql, new { participationId }, tx, cancellationToken: ct));
                added++;
            }
        }

        var questions = (await conn.QueryAsync<string>(new CommandDefinition(db.Sql(QuestionsSql), new { parentId, ids = form.Questions.Distinct().ToList() }, tx, cancellationToken: ct))).AsList();
        for (var i = 0; i < questions.Count; i++)
        {
            await conn.ExecuteAsync(new CommandDefinition(PresentationSql, new { id, position = i + 1, title = Shorten(questions[i]), yes = true, now }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Result<Reconvened>.Success(new Reconvened(id, carried, added, questions.Count));
    }

    /// <summary>A presentation title has room for 300 characters; a longer question is cut at a word.</summary>
    public static string Shorten(string question)
    {
        var q = question.Trim();
        if (q.Length <= TitleLength)
        {
            return q;
        }
        var cut = q.LastIndexOf(' ', TitleLength - 1);
        return q[..(cut > 200 ? cut : TitleLength - 1)].TrimEnd(',', ';', ':') + "…";
    }

    /// <summary>Today where the follow-up is held (UTC when its time zone is unknown).</summary>
    private static DateOnly TodayIn(string? timeZone, DateTime utcNow)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? "", out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
    }
}
