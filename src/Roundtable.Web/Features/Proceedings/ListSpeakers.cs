using Dapper;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>Everyone taking part in a roundtable who may speak in a discussion, with the names the notes may use.</summary>
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
        public string Affiliation { get; init; } = "";
        public bool MayBeNamed { get; init; }
        public bool Observer { get; init; }

        public SpeakerCandidate ToCandidate() => new(ParticipationId, FullName, NameInPrint, Surname, ShortNames, Observer);

        public ProtectedPerson ToProtected() => new(PersonId, FullName, NameInPrint, Surname, ShortNames);
    }

    private const string Sql = """
        SELECT pa.id AS participation_id, p.id AS person_id, p.full_name, p.name_in_print, p.surname, p.short_names,
               p.affiliation, pa.may_be_named,
               EXISTS (SELECT 1 FROM participation_roles r WHERE r.participation_id = pa.id AND r.role = 'observer') AS observer
        FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId
        ORDER BY p.sort_name, pa.id
        """;

    public async Task<IReadOnlyList<Row>> HandleAsync(long roundtableId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new { roundtableId }, cancellationToken: ct))).AsList();
    }
}
