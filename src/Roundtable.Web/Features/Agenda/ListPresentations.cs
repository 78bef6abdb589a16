namespace Roundtable.Web.Features.Agenda;

/// <summary>The agenda in order, each presentation with its derived label, presenters and rapporteurs.</summary>
public sealed class ListPresentations(Db db)
{
    public sealed class Person
    {
        public long PresentationId { get; init; }
        public long ParticipationId { get; init; }
        public long PersonId { get; init; }
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public bool MayBeNamed { get; init; }
    }

    public sealed class Row
    {
        public long Id { get; init; }
        public int Position { get; init; }
        public string Title { get; init; } = "";
        public string? StartTime { get; init; }
        public string? EndTime { get; init; }
        public bool PresenterNamed { get; init; }

        /// <summary>Whether the appendix prints "Discussion." before the statements (the rapporteur's choice).</summary>
        public bool DiscussionHeading { get; init; } = true;
        public string Label { get; set; } = "";
        public IReadOnlyList<Person> Presenters { get; set; } = [];
        public IReadOnlyList<Person> Rapporteurs { get; set; } = [];
    }

    private const string Sql = """
        SELECT id, position, title, start_time, end_time, presenter_named, discussion_heading
        FROM presentations WHERE roundtable_id = @roundtableId
        ORDER BY position, id
        """;

    // Presenters and rapporteurs: the same read from their two link tables (x), by name.
    private const string LinkedColumns =
        "SELECT x.presentation_id, pa.id AS participation_id, p.id AS person_id, p.full_name, p.name_in_print, p.affiliation, pa.may_be_named";

    private const string LinkedPeople = """
        JOIN presentations pr ON pr.id = x.presentation_id
        JOIN participations pa ON pa.id = x.participation_id JOIN people p ON p.id = pa.person_id
        WHERE pr.roundtable_id = @roundtableId
        ORDER BY p.sort_name
        """;

    private const string PresentersSql = LinkedColumns + "\nFROM presentation_presenters x\n" + LinkedPeople;

    private const string RapporteursSql = LinkedColumns + "\nFROM presentation_rapporteurs x\n" + LinkedPeople;

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var args = new { roundtableId };
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Sql, args, cancellationToken: ct))).AsList();
        var presenters = (await conn.QueryAsync<Person>(new CommandDefinition(PresentersSql, args, cancellationToken: ct))).ToLookup(p => p.PresentationId);
        var rapporteurs = (await conn.QueryAsync<Person>(new CommandDefinition(RapporteursSql, args, cancellationToken: ct))).ToLookup(p => p.PresentationId);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Label = PresentationLabels.For(i, rows.Count);
            rows[i].Presenters = presenters[rows[i].Id].ToList();
            rows[i].Rapporteurs = rapporteurs[rows[i].Id].ToList();
        }
        return rows;
    }
}
