namespace Roundtable.Web.Features.Attribution;

/// <summary>Everyone taking part in a roundtable who may speak in a discussion, with every form of their name.</summary>
public sealed class ListSpeakers(Db db)
{
    public sealed class Row
    {
        public long ParticipationId { get; init; }
        public long PersonId { get; init; }
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Surname { get; init; } = "";
        public string ShortNames { get; init; } = "";
        public string FirstMentionName { get; init; } = "";
        public string ShortForm { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string AudiencePhrase { get; init; } = "";
        public bool MayBeNamed { get; init; }
        public bool Observer { get; init; }

        /// <summary>The short form as printed: the one set on the person, or their surname.</summary>
        public string PrintedShortForm => ShortForm.Length > 0 ? ShortForm : Surname;

        public Voice ToVoice() => new(ParticipationId, PersonId, NameInPrint, MayBeNamed)
        {
            FirstMention = FirstMentionName, ShortForm = PrintedShortForm, AudiencePhrase = AudiencePhrase,
        };

        public ProtectedPerson ToProtected() => new(PersonId, FullName, NameInPrint, Surname, ShortNames)
        {
            FirstMention = FirstMentionName, ShortForm = ShortForm,
        };
    }

    private const string Select = """
        SELECT pa.id AS participation_id, p.id AS person_id, p.full_name, p.name_in_print, p.surname, p.short_names,
               p.first_mention_name, p.short_form, p.affiliation, pa.audience_phrase, pa.may_be_named,
               EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'observer') AS observer
        FROM participations pa JOIN people p ON p.id = pa.person_id

        """;

    /// <summary>
    /// Someone who may be chosen as a speaker, as a picker shows them: no name forms, so never for a label (a label
    /// needs a <see cref="Row"/>).
    /// </summary>
    public sealed class Choice
    {
        public long ParticipationId { get; init; }
        public string FullName { get; init; } = "";
        public bool MayBeNamed { get; init; }
        public bool Observer { get; init; }

        /// <summary>A presenter of the presentation the picker is for.</summary>
        public bool Presenter { get; init; }

        /// <summary>What the picker shows: the name, whether it may not be printed, and whether they present.</summary>
        public string PickerText => FullName + (MayBeNamed ? "" : " (not named)") + (Presenter ? " · presenter" : "");
    }

    private const string ChoiceSelect = """
        SELECT pa.id AS participation_id, p.full_name, pa.may_be_named,
               EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'observer') AS observer,
               EXISTS (SELECT 1 FROM presentation_presenters x WHERE x.participation_id = pa.id AND x.presentation_id = @presentationId) AS presenter
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId

        """;

    private const string ChoicesSql = ChoiceSelect + "ORDER BY p.sort_name, pa.id";

    private const string SomeChoicesSql = ChoiceSelect + "AND pa.id IN @ids ORDER BY p.sort_name, pa.id";

    private const string CountSql = "SELECT COUNT(*) FROM participations WHERE roundtable_id = @roundtableId";

    /// <summary>Everyone who may be chosen as a speaker in one presentation, in name order, with only what a picker shows.</summary>
    public async Task<IReadOnlyList<Choice>> ChoicesAsync(long roundtableId, long presentationId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Choice>(new CommandDefinition(ChoicesSql, new { roundtableId, presentationId }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// What a page's speaker pickers list: everyone when the roundtable has at most <paramref name="everyoneUpTo"/>
    /// participants; otherwise only <paramref name="chosen"/> (Everyone false: the page reads the rest when a picker
    /// opens), so the page's cost does not grow with the names it does not show.
    /// </summary>
    public async Task<(IReadOnlyList<Choice> Choices, bool Everyone)> PickerAsync(long roundtableId, long presentationId, int everyoneUpTo,
        IEnumerable<long> chosen, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var count = await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { roundtableId }, cancellationToken: ct));
        if (count <= everyoneUpTo)
        {
            return ((await conn.QueryAsync<Choice>(new CommandDefinition(ChoicesSql, new { roundtableId, presentationId }, cancellationToken: ct))).AsList(), true);
        }
        var some = await conn.QueryAsync<Choice>(new CommandDefinition(db.SqlWithIdList(SomeChoicesSql), new { roundtableId, presentationId, ids = db.IdList(chosen) }, cancellationToken: ct));
        return (some.AsList(), false);
    }

    private const string SomeSql = Select + """
        WHERE pa.roundtable_id = @roundtableId AND pa.id IN @ids
        ORDER BY p.sort_name, pa.id
        """;

    /// <summary>The roundtable's participants of <paramref name="participationIds"/>, with every form of their name.</summary>
    public static async Task<IReadOnlyList<Row>> SomeAsync(Db db, DbConnection conn, long roundtableId, IEnumerable<long> participationIds, CancellationToken ct) =>
        (await conn.QueryAsync<Row>(new CommandDefinition(db.SqlWithIdList(SomeSql), new { roundtableId, ids = db.IdList(participationIds) }, cancellationToken: ct))).AsList();

    private const string Sql = Select + """
        WHERE pa.roundtable_id = @roundtableId
        ORDER BY p.sort_name, pa.id
        """;

    private const string OneSql = Select + "WHERE pa.id = @participationId";

    // Those the report's leak check needs: who may not be named, and who has an audience phrase.
    // Only the names and the phrase: no affiliation, no observer role (a subquery per row).
    private const string LeakCheckSql = """
        SELECT pa.id AS participation_id, p.id AS person_id, p.full_name, p.name_in_print, p.surname, p.short_names,
               p.first_mention_name, p.short_form, pa.audience_phrase, pa.may_be_named
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId AND (pa.may_be_named = FALSE OR pa.audience_phrase <> '')
        ORDER BY p.sort_name, pa.id
        """;

    /// <summary>
    /// The participants who may not be named, and those with an audience phrase, with what the report's leak check reads
    /// of them (their names and the phrase; <see cref="Row.Affiliation"/> and <see cref="Row.Observer"/> are not read).
    /// </summary>
    public async Task<IReadOnlyList<Row>> ForLeakCheckAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(LeakCheckSql, new { roundtableId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await LoadAsync(conn, null, roundtableId, ct);
    }

    /// <summary>The same inside a caller's transaction.</summary>
    public static async Task<IReadOnlyList<Row>> LoadAsync(DbConnection conn, DbTransaction? tx, long roundtableId, CancellationToken ct) =>
        (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, tx, cancellationToken: ct))).AsList();

    /// <summary>One participant, inside a caller's transaction; null when there is no such participation.</summary>
    public static Task<Row?> OneAsync(DbConnection conn, DbTransaction? tx, long participationId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(OneSql, new { participationId }, tx, cancellationToken: ct));
}
