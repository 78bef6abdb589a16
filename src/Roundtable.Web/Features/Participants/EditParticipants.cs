namespace Roundtable.Web.Features.Participants;

/// <summary>
/// One change to several participants of a roundtable (roles, attribution consent, biography in the report,
/// attendance), in one transaction: all of them, or none when one is no longer on the roundtable or would be left
/// without a role.
/// </summary>
public sealed class EditParticipants(Db db)
{
    private sealed class Ticked
    {
        public long Id { get; init; }
        public string FullName { get; init; } = "";
    }

    private sealed class RoleRow
    {
        public long ParticipationId { get; init; }
        public string Role { get; init; } = "";
    }

    private const string TickedSql = """
        SELECT pa.id, p.full_name FROM participations pa JOIN people p ON p.id = pa.person_id
        WHERE pa.roundtable_id = @roundtableId AND pa.id IN @ids
        ORDER BY p.sort_name, pa.id
        """;

    private const string RolesSql = "SELECT participation_id, role FROM participation_roles WHERE participation_id IN @ids";

    // A flag passed as null keeps each participant's own value.
    private const string FlagsSql = """
        UPDATE participations SET
            may_be_named = COALESCE(@MayBeNamed, may_be_named),
            biography_in_report = COALESCE(@BiographyInReport, biography_in_report),
            attended = COALESCE(@Attended, attended)
        WHERE roundtable_id = @roundtableId AND id IN @ids
        """;

    /// <returns>How many participants were changed; a refusal that names who is in the way.</returns>
    public async Task<Result<int>> HandleAsync(long roundtableId, BulkEditForm form, CancellationToken ct)
    {
        var ids = form.ParticipationIds.Distinct().ToList();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ticked = (await conn.QueryAsync<Ticked>(new CommandDefinition(db.SqlWithIdList(TickedSql), new { roundtableId, ids = db.IdList(ids) }, tx, cancellationToken: ct))).AsList();
        if (ticked.Count != ids.Count)
        {
            return Result<int>.Fail(nameof(form.ParticipationIds),
                $"{ids.Count - ticked.Count} of the ticked participants are no longer on this roundtable; reload the page and tick again. Nothing was changed.");
        }
        var newRoles = new Dictionary<long, List<string>>();
        if (form.RoleChange != "keep")
        {
            var current = (await conn.QueryAsync<RoleRow>(new CommandDefinition(db.SqlWithIdList(RolesSql), new { ids = db.IdList(ids) }, tx, cancellationToken: ct)))
                .ToLookup(r => r.ParticipationId, r => r.Role);
            foreach (var p in ticked)
            {
                var had = current[p.Id].ToList();
                newRoles[p.Id] = form.RoleChange switch
                {
                    "add" => had.Union(form.Roles).ToList(),
                    "remove" => had.Except(form.Roles).ToList(),
                    _ => form.Roles.Distinct().ToList(),
                };
            }
            if (ticked.Where(p => newRoles[p.Id].Count == 0).Select(p => p.FullName).ToList() is { Count: > 0 } bare)
            {
                return Result<int>.Fail(nameof(form.Roles),
                    $"{string.Join(", ", bare)} would be left without a role. Give them another role first, or untick them. Nothing was changed.");
            }
        }
        await conn.ExecuteAsync(new CommandDefinition(db.SqlWithIdList(FlagsSql), new
        {
            roundtableId, ids = db.IdList(ids), form.MayBeNamed, form.BiographyInReport, form.Attended,
        }, tx, cancellationToken: ct));
        foreach (var (id, roles) in newRoles)
        {
            await ParticipantRoles.ReplaceAsync(conn, tx, id, roles, ct);
        }
        await tx.CommitAsync(ct);
        return Result<int>.Success(ticked.Count);
    }
}
