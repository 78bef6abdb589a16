namespace Roundtable.Web.Features.People;

public sealed class GetPerson(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Honorific { get; init; } = "";
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
        public string Surname { get; init; } = "";
        public string SortName { get; init; } = "";
        public string ShortNames { get; init; } = "";
        public string FirstMentionName { get; init; } = "";
        public string ShortForm { get; init; } = "";
        public string Position { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public string? Email { get; init; }
        public string Phone { get; init; } = "";
        public string Biography { get; init; } = "";

        public PersonForm ToForm() => new()
        {
            Honorific = Honorific, FullName = FullName, NameInPrint = NameInPrint, Surname = Surname, SortName = SortName,
            ShortNames = ShortNames, FirstMentionName = FirstMentionName, ShortForm = ShortForm, Position = Position, Affiliation = Affiliation, Email = Email, Phone = Phone, Biography = Biography,
        };
    }

    private const string Sql = """
        SELECT id, honorific, full_name, name_in_print, surname, sort_name, short_names, first_mention_name, short_form, position, affiliation,
               email, phone, biography
        FROM people WHERE id = @id
        """;

    public async Task<Row?> HandleAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
    }
}
