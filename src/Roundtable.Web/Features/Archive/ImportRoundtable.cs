using System.Data;
using System.Globalization;
using System.Text.Json;
using Roundtable.Web.Features.Audit;

namespace Roundtable.Web.Features.Archive;

public sealed class ImportOutcome
{
    public long RoundtableId { get; init; }
    public string Title { get; init; } = "";
    public int PeopleCreated { get; init; }
    public int PeopleMatched { get; init; }
    public Dictionary<string, int> Counts { get; init; } = [];
}

/// <summary>
/// Imports a roundtable archive in one transaction: new ids for every row (references follow them), people matched by
/// email (a different name under the same email is refused, naming them, unless <c>keepExistingPeople</c>), accounts
/// matched by email (else the one importing), mail that was still waiting imported as cancelled. An archive already
/// imported (the same installation and roundtable, <c>roundtable_imports</c>) is refused. Nothing is written unless
/// everything is.
/// </summary>
public sealed class ImportRoundtable(Db db, TimeProvider clock)
{
    public const string AuditAction = "roundtable imported";

    private sealed record Deferred(ArchiveTable Table, ArchiveColumn Column, long Key, long OldRef);

    public async Task<ImportOutcome> HandleAsync(string path, long userId, bool keepExistingPeople, CancellationToken ct)
    {
        using var archive = ArchiveReader.Open(path, db);
        var m = archive.Manifest;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RefuseDuplicateAsync(conn, tx, m, ct);

        var maps = new Dictionary<string, Dictionary<long, long>>(StringComparer.Ordinal);
        var users = await MapUsersAsync(conn, tx, archive, userId, ct);
        var deferred = new List<Deferred>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int created = 0, matched = 0;
        foreach (var table in ArchiveFormat.Tables)
        {
            var map = maps[table.Table] = [];
            var n = 0;
            var conflicts = new List<PersonMatch>();
            await foreach (var row in archive.RowsAsync(table.File, ct))
            {
                n++;
                if (table == ArchiveFormat.People)
                {
                    var match = await ArchivePeople.MatchAsync(conn, tx, row, ct);
                    if (match.ExistingId is { } existing)
                    {
                        if (match.Conflict && !keepExistingPeople)
                        {
                            conflicts.Add(match);
                        }
                        map[match.ArchiveId] = existing;
                        matched++;
                        continue;
                    }
                    created++;
                }
                var where = $"{table.File}, record {n}";
                var (parameters, oldId, later) = ArchiveRows.Parameters(table, row, where, maps, users, userId, archive, m);
                try
                {
                    if (table.IdColumn is not null)
                    {
                        var newId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(table.InsertSql, parameters, tx, cancellationToken: ct));
                        map[oldId] = newId;
                        if (table == ArchiveFormat.People)
                        {
                            await conn.ExecuteAsync(new CommandDefinition("UPDATE people SET email_normalized = @normalized WHERE id = @newId",
                                new { normalized = Emails.Normalize(ArchiveValues.Text(row, "email")), newId }, tx, cancellationToken: ct));
                        }
                    }
                    else
                    {
                        await conn.ExecuteAsync(new CommandDefinition(table.InsertSql, parameters, tx, cancellationToken: ct));
                    }
                }
                catch (DbException e)
                {
                    throw new ArchiveRefusedException(Db.IsUniqueViolation(e)
                        ? $"{where} collides with a record already here ({e.Message}); was this roundtable imported here before under another archive?"
                        : $"{where} cannot be stored: {e.Message}");
                }
                if (later.Count > 0)
                {
                    var key = table.Key == "id" ? map[oldId] : maps[table.Columns.Single(c => c.Name == table.Key).RefTable!][ArchiveRows.Long(row, table.Key!, where)];
                    deferred.AddRange(later.Select(l => new Deferred(table, l.Column, key, l.OldRef)));
                }
            }
            if (conflicts.Count > 0)
            {
                throw new ArchiveRefusedException(ArchivePeople.ConflictMessage(conflicts));
            }
            counts[table.File] = n;
        }
        foreach (var d in deferred)
        {
            if (!maps[d.Column.RefTable!].TryGetValue(d.OldRef, out var target))
            {
                throw new ArchiveRefusedException($"{d.Table.File}: \"{d.Column.Name}\" refers to {d.Column.RefTable} {d.OldRef}, which the archive does not hold.");
            }
            // Constant names from ArchiveFormat, values as parameters.
            var sql = $"UPDATE {d.Table.Table} SET {d.Column.Name} = @target WHERE {d.Table.Key} = @key";
            await conn.ExecuteAsync(new CommandDefinition(sql, new { target, key = d.Key }, tx, cancellationToken: ct));
        }

        var roundtableId = maps["roundtables"].Values.Single();
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO roundtable_imports (source_installation_id, source_roundtable_id, roundtable_id, exported_at, imported_at, imported_by_user_id)
                VALUES (@SourceInstallationId, @SourceRoundtableId, @roundtableId, @ExportedAt, @now, @userId)
                """, new { m.SourceInstallationId, m.SourceRoundtableId, roundtableId, m.ExportedAt, now, userId }, tx, cancellationToken: ct));
        }
        catch (DbException e) when (Db.IsUniqueViolation(e))
        {
            throw new ArchiveRefusedException(DuplicateMessage(m));
        }
        await AuditLog.RecordAsync(conn, tx, now, userId, null, AuditAction, roundtableId,
            $"from installation {m.SourceInstallationId}, roundtable {m.SourceRoundtableId} (exported {m.ExportedAt:u}); {created} people added, {matched} matched", ct);
        await tx.CommitAsync(ct);
        return new ImportOutcome { RoundtableId = roundtableId, Title = m.Title, PeopleCreated = created, PeopleMatched = matched, Counts = counts };
    }

    public static string DuplicateMessage(ArchiveManifest m) =>
        $"\"{m.Title}\" (roundtable {m.SourceRoundtableId} of installation {m.SourceInstallationId}) is already here: it was imported before, or this is the installation it came from.";

    /// <summary>Refuses an archive whose roundtable is already here: imported before, or still in the installation that exported it.</summary>
    public static async Task RefuseDuplicateAsync(DbConnection conn, DbTransaction? tx, ArchiveManifest m, CancellationToken ct)
    {
        var duplicate = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM roundtable_imports WHERE source_installation_id = @SourceInstallationId AND source_roundtable_id = @SourceRoundtableId)
                OR EXISTS (SELECT 1 FROM installation i JOIN roundtables r ON r.id = @SourceRoundtableId WHERE i.installation_id = @SourceInstallationId)
            """, new { m.SourceInstallationId, m.SourceRoundtableId }, tx, cancellationToken: ct));
        if (duplicate)
        {
            throw new ArchiveRefusedException(DuplicateMessage(m));
        }
    }

    private sealed class UserRow
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
    }

    private static async Task<Dictionary<long, long>> MapUsersAsync(DbConnection conn, DbTransaction tx, ArchiveReader archive, long userId, CancellationToken ct)
    {
        var map = new Dictionary<long, long>();
        var n = 0;
        await foreach (var row in archive.RowsAsync(ArchiveFormat.UsersFile, ct))
        {
            n++;
            var id = ArchiveRows.Long(row, "id", $"{ArchiveFormat.UsersFile}, record {n}");
            var normalized = Emails.Normalize(ArchiveValues.Text(row, "email"));
            var here = normalized is null ? null : await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM users WHERE email_normalized = @normalized", new { normalized }, tx, cancellationToken: ct));
            map[id] = here ?? userId;
        }
        return map;
    }
}
