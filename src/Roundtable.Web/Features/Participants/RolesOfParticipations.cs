namespace Roundtable.Web.Features.Participants;

/// <summary>
/// The roles of a roundtable's participations, read in a query of their own and joined in memory by the lists that
/// show them (GROUP_CONCAT and STRING_AGG differ between the dialects): a participation id → its roles.
/// </summary>
public static class RolesOfParticipations
{
    private const string RoundtableSql = """
        SELECT r.participation_id, r.role
        FROM participation_roles r JOIN participations pa ON pa.id = r.participation_id
        WHERE pa.roundtable_id = @roundtableId
        """;

    private const string ParticipationsSql = "SELECT r.participation_id, r.role FROM participation_roles r WHERE r.participation_id IN @ids";

    private sealed class RoleRow
    {
        public long ParticipationId { get; init; }
        public string Role { get; init; } = "";
    }

    /// <summary>Every participation's roles on the roundtable.</summary>
    public static async Task<ILookup<long, string>> OfRoundtableAsync(DbConnection conn, long roundtableId, CancellationToken ct) =>
        (await conn.QueryAsync<RoleRow>(new CommandDefinition(RoundtableSql, new { roundtableId }, cancellationToken: ct)))
            .ToLookup(r => r.ParticipationId, r => r.Role);

    /// <summary>The roles of the participations given (one page of a list).</summary>
    public static async Task<ILookup<long, string>> OfAsync(Db db, DbConnection conn, IEnumerable<long> participationIds, CancellationToken ct) =>
        (await conn.QueryAsync<RoleRow>(new CommandDefinition(db.SqlWithIdList(ParticipationsSql),
            new { ids = db.IdList(participationIds) }, cancellationToken: ct)))
            .ToLookup(r => r.ParticipationId, r => r.Role);

    /// <summary>Roles in the order of <see cref="ParticipationRoles.All"/> (organizer first, observer last).</summary>
    public static IReadOnlyList<string> InOrder(IEnumerable<string> roles) => roles.OrderBy(r => Order.IndexOf(r)).ToList();

    private static readonly List<string> Order = ParticipationRoles.All.Select(x => x.Value).ToList();
}
