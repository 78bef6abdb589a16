namespace Roundtable.Web.Features.Participants;

public sealed class ListParticipants(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public long PersonId { get; init; }
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string? Email { get; init; }

        /// <summary>Why their address is flagged: a message to it bounced for good (see Features/Inbox); null if it is not.</summary>
        public string? EmailBounceReason { get; init; }

        /// <summary>When they declined report mail; null if they did not.</summary>
        public DateTime? ReportMailDeclinedAt { get; init; }
        public bool HasBiography { get; init; }
        public bool MayBeNamed { get; init; }
        public bool BiographyInReport { get; init; }
        public string AudiencePhrase { get; init; } = "";
        public bool Attended { get; init; }
        public string InvitationStatus { get; init; } = "";
        public string RoleList { get; init; } = "";

        public IReadOnlyList<string> Roles => RolesOfParticipations.InOrder(RoleList.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    // Roles are read in a second query and joined in memory (see RolesOfParticipations).
    private const string Select = """
        SELECT pa.id, pa.person_id, p.honorific, p.full_name, p.name_in_print, p.position, p.affiliation, p.email,
               p.email_bounce_reason, p.report_mail_declined_at,
               CASE WHEN p.biography <> '' THEN 1 ELSE 0 END AS has_biography,
               pa.may_be_named, pa.biography_in_report, pa.audience_phrase, pa.attended, pa.invitation_status
        FROM participations pa JOIN people p ON p.id = pa.person_id
        """;

    private const string Sql = Select + "\n" + """
        WHERE pa.roundtable_id = @roundtableId
          AND (@role IS NULL OR EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = @role))
        ORDER BY p.sort_name, pa.id
        """;

    private const string PageSql = Sql + " LIMIT @limit OFFSET @offset";

    private const string CountSql = """
        SELECT COUNT(*) FROM participations pa
        WHERE pa.roundtable_id = @roundtableId
          AND (@role IS NULL OR EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = @role))
        """;

    /// <summary>How many take part (with the role, if one is given).</summary>
    public async Task<long> CountAsync(long roundtableId, string? role, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { roundtableId, role }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, string? role, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId, role }, cancellationToken: ct));
        return WithRoles(rows, await RolesOfParticipations.OfRoundtableAsync(conn, roundtableId, ct));
    }

    /// <summary>
    /// One page of the list (in the same order), and how many there are in all: what the participants page shows, so
    /// its cost stays that of a page however many take part.
    /// </summary>
    public async Task<(IReadOnlyList<Row> Rows, long Total)> PageAsync(long roundtableId, string? role, int offset, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { roundtableId, role }, cancellationToken: ct));
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(PageSql, new { roundtableId, role, offset, limit }, cancellationToken: ct))).AsList();
        return (WithRoles(rows, await RolesOfParticipations.OfAsync(db, conn, rows.Select(r => r.Id), ct)), total);
    }

    // Those who may present or report: every role but participant and observer. Found from the roles
    // (ix_participation_roles_role), not by testing each of the roundtable's participants: 0.4 ms instead of 2.5 at 2,000.
    private const string SpeakersSql = Select + "\n" + """
        WHERE pa.roundtable_id = @roundtableId
          AND pa.id IN (SELECT r.participation_id FROM participation_roles r
                        WHERE r.role IN ('organizer', 'director', 'keynote', 'presenter', 'rapporteur')
                        UNION ALL SELECT x.id FROM participations x WHERE x.id IN @ids)
        ORDER BY p.sort_name, pa.id
        """;

    /// <summary>
    /// The participants who have a role beyond participant or observer (presenters, keynotes, the director, organizers,
    /// rapporteurs), and those of <paramref name="alsoIds"/>: the agenda's choices on a roundtable too large to list everyone.
    /// </summary>
    public async Task<IReadOnlyList<Row>> SpeakersAsync(long roundtableId, IEnumerable<long> alsoIds, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(db.SqlWithIdList(SpeakersSql), new { roundtableId, ids = db.IdList(alsoIds) }, cancellationToken: ct))).AsList();
        return WithRoles(rows, await RolesOfParticipations.OfAsync(db, conn, rows.Select(r => r.Id), ct));
    }

    /// <summary>
    /// Whom a form's picker offers: everyone up to <paramref name="everyoneUpTo"/> participants; beyond that those with a
    /// speaking role (<see cref="SpeakersAsync"/>) and those of <paramref name="alsoIds"/>, with how many there are in all.
    /// </summary>
    public async Task<(IReadOnlyList<Row> People, long? NotAllOf)> PickerAsync(long roundtableId, int everyoneUpTo, IEnumerable<long> alsoIds, CancellationToken ct)
    {
        var total = await CountAsync(roundtableId, null, ct);
        return total <= everyoneUpTo
            ? (await HandleAsync(roundtableId, null, ct), null)
            : (await SpeakersAsync(roundtableId, alsoIds, ct), total);
    }

    private static List<Row> WithRoles(IEnumerable<Row> rows, ILookup<long, string> roles) =>
        rows.Select(r => new Row
        {
            Id = r.Id, PersonId = r.PersonId, Honorific = r.Honorific, FullName = r.FullName, NameInPrint = r.NameInPrint,
            Position = r.Position, Affiliation = r.Affiliation, Email = r.Email, HasBiography = r.HasBiography,
            EmailBounceReason = r.EmailBounceReason, ReportMailDeclinedAt = r.ReportMailDeclinedAt,
            MayBeNamed = r.MayBeNamed, BiographyInReport = r.BiographyInReport, AudiencePhrase = r.AudiencePhrase, Attended = r.Attended,
            InvitationStatus = r.InvitationStatus, RoleList = string.Join(',', roles[r.Id]),
        }).ToList();
}

/// <summary>People in the directory who do not take part in this roundtable yet, for the "add" picker.</summary>
public sealed class ListAddablePeople(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string FullName { get; init; } = "";
        public string Affiliation { get; init; } = "";
    }

    private const string Sql = """
        SELECT p.id, p.full_name, p.affiliation FROM people p
        WHERE NOT EXISTS (SELECT 1 FROM participations pa WHERE pa.roundtable_id = @roundtableId AND pa.person_id = p.id)
          AND (@all OR
        """ + People.PeopleScope.VisibleSql + """
        )
        ORDER BY p.sort_name, p.id
        LIMIT @limit
        """;

    /// <summary>The most the "add a participant" list offers; beyond it, the directory search above it finds anyone.</summary>
    public const int Limit = 200;

    /// <summary>
    /// The people the user may read (see <see cref="People.PeopleScope"/>) who are not on the roundtable yet, the first
    /// <see cref="Limit"/> by name, and whether there are more.
    /// </summary>
    public async Task<IReadOnlyList<Row>> HandleAsync(System.Security.Claims.ClaimsPrincipal user, long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId, all = user.IsAdministrator(), userId = user.Id(), limit = long.MaxValue }, cancellationToken: ct))).AsList();
    }

    /// <summary>The first <see cref="Limit"/> of them, for the participants page's picker, and whether there are more.</summary>
    public async Task<(IReadOnlyList<Row> Rows, bool More)> FirstAsync(System.Security.Claims.ClaimsPrincipal user, long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId, all = user.IsAdministrator(), userId = user.Id(), limit = (long)Limit + 1 }, cancellationToken: ct))).AsList();
        return rows.Count > Limit ? (rows[..Limit], true) : (rows, false);
    }
}
