namespace Roundtable.Web.Features.MailOut;

/// <summary>
/// Who receives the report: by default every participant who attended plus the organizers; the organizer's changes
/// for one run (followup_recipients) override the default person by person. Read in pages ordered by participation,
/// so a mailing of any size never holds more than one page in memory.
/// </summary>
public sealed class ReportRecipients(Db db)
{
    public sealed class Row
    {
        public long ParticipationId { get; init; }
        public long PersonId { get; init; }
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Surname { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string? Email { get; init; }

        /// <summary>When they declined report mail (one click in an earlier report mail); they get none.</summary>
        public DateTime? ReportMailDeclinedAt { get; init; }
        public bool IsDefault { get; init; }
        public bool Included { get; set; }
        public string RoleList { get; set; } = "";

        public string DisplayName => string.IsNullOrEmpty(NameInPrint) ? FullName : NameInPrint;
    }

    private sealed class RoleRow
    {
        public long ParticipationId { get; init; }
        public string Role { get; init; } = "";
    }

    private sealed class Counts
    {
        public long Chosen { get; init; }
        public long WithEmail { get; init; }
    }

    // The default (attended, or an organizer) as an expression both dialects evaluate, compared with parameters, not 0/1 literals.
    private const string IsDefault = """
        CASE WHEN pa.attended = @yes OR EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'organizer')
             THEN @yes ELSE @no END
        """;

    private const string Select = """
        SELECT pa.id AS participation_id, pa.person_id, p.honorific, p.full_name, p.name_in_print, p.surname, p.affiliation, p.email, p.report_mail_declined_at,
        """ + IsDefault + " AS is_default, COALESCE(c.included, " + IsDefault + """
        ) AS included
        FROM participations pa JOIN people p ON p.id = pa.person_id
        LEFT JOIN followup_recipients c ON c.run_id = @runId AND c.participation_id = pa.id
        WHERE pa.roundtable_id = @roundtableId
        """;

    private const string Chosen = " AND COALESCE(c.included, " + IsDefault + ") = @yes";

    private const string PageSql = Select + " AND pa.id > @after" + Chosen + " ORDER BY pa.id LIMIT @limit";

    private const string AllSql = Select + " ORDER BY p.sort_name, pa.id LIMIT @limit";

    private const string CountSql = """
        SELECT COUNT(*) AS chosen, COALESCE(SUM(CASE WHEN p.email IS NOT NULL THEN 1 ELSE 0 END), 0) AS with_email
        FROM participations pa JOIN people p ON p.id = pa.person_id
        LEFT JOIN followup_recipients c ON c.run_id = @runId AND c.participation_id = pa.id
        WHERE pa.roundtable_id = @roundtableId
        """ + Chosen;

    private const string RolesSql = "SELECT participation_id, role FROM participation_roles WHERE participation_id IN @ids";

    private const string RoundtableRolesSql = """
        SELECT r.participation_id, r.role FROM participation_roles r JOIN participations pa ON pa.id = r.participation_id
        WHERE pa.roundtable_id = @roundtableId
        """;

    /// <summary>The next page of chosen recipients after <paramref name="after"/> (a participation id), with their roles.</summary>
    public async Task<IReadOnlyList<Row>> PageAsync(long roundtableId, long runId, long after, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(PageSql, new { roundtableId, runId, after, limit, yes = true, no = false }, cancellationToken: ct))).AsList();
        return WithRoles(rows, await conn.QueryAsync<RoleRow>(new CommandDefinition(db.Sql(RolesSql), new { ids = rows.Select(r => r.ParticipationId).ToList() }, cancellationToken: ct)));
    }

    /// <summary>Everyone at the roundtable (up to <paramref name="limit"/>), marked whether they receive the report in this run.</summary>
    public async Task<IReadOnlyList<Row>> AllAsync(long roundtableId, long runId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(AllSql, new { roundtableId, runId, limit, yes = true, no = false }, cancellationToken: ct))).AsList();
        return WithRoles(rows, await conn.QueryAsync<RoleRow>(new CommandDefinition(RoundtableRolesSql, new { roundtableId }, cancellationToken: ct)));
    }

    private static List<Row> WithRoles(List<Row> rows, IEnumerable<RoleRow> roleRows)
    {
        var roles = roleRows.ToLookup(r => r.ParticipationId, r => r.Role);
        foreach (var row in rows)
        {
            row.RoleList = string.Join(", ", roles[row.ParticipationId].Order());
        }
        return rows;
    }

    /// <returns>How many are chosen, and how many of them have an address.</returns>
    public async Task<(long Chosen, long WithEmail)> CountAsync(long roundtableId, long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await CountAsync(conn, null, roundtableId, runId, ct);
    }

    public static async Task<(long Chosen, long WithEmail)> CountAsync(DbConnection conn, DbTransaction? tx, long roundtableId, long runId, CancellationToken ct)
    {
        var c = await conn.QuerySingleAsync<Counts>(new CommandDefinition(CountSql, new { roundtableId, runId, yes = true, no = false }, tx, cancellationToken: ct));
        return (c.Chosen, c.WithEmail);
    }
}
