using System.Text.Json;

namespace Roundtable.Web.Features.Archive;

/// <summary>What becomes of one person of the archive here.</summary>
public sealed class PersonMatch
{
    public long ArchiveId { get; init; }
    public string FullName { get; init; } = "";
    public string? Email { get; init; }
    /// <summary>The person here with the same email, if any.</summary>
    public long? ExistingId { get; init; }
    public string? ExistingName { get; init; }
    /// <summary>Same email, another name (full name or name in print): refused unless the person here is to be kept.</summary>
    public bool Conflict { get; init; }
    public bool Created => ExistingId is null;
}

/// <summary>People are matched by email: the same email and the same names is the same person; no email is a new person.</summary>
public static class ArchivePeople
{
    private sealed class Existing
    {
        public long Id { get; init; }
        public string FullName { get; init; } = "";
        public string NameInPrint { get; init; } = "";
    }

    private const string FindSql = "SELECT id, full_name, name_in_print FROM people WHERE email_normalized = @normalized";

    public static async Task<PersonMatch> MatchAsync(DbConnection conn, DbTransaction? tx, JsonElement row, CancellationToken ct)
    {
        var fullName = ArchiveValues.Text(row, "full_name");
        var email = row.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var id = row.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt64() : 0;
        var normalized = Emails.Normalize(email);
        var existing = normalized is null ? null : await conn.QuerySingleOrDefaultAsync<Existing>(
            new CommandDefinition(FindSql, new { normalized }, tx, cancellationToken: ct));
        return new PersonMatch
        {
            ArchiveId = id,
            FullName = fullName,
            Email = email,
            ExistingId = existing?.Id,
            ExistingName = existing?.FullName,
            Conflict = existing is not null
                && (existing.FullName.Trim() != fullName.Trim() || existing.NameInPrint.Trim() != ArchiveValues.Text(row, "name_in_print").Trim()),
        };
    }

    /// <summary>The sentence that refuses an import whose people collide.</summary>
    public static string ConflictMessage(IEnumerable<PersonMatch> conflicts) =>
        "These people have the same email here but another name: "
        + string.Join("; ", conflicts.Select(c => $"\"{c.FullName}\" <{c.Email}> is \"{c.ExistingName}\" here"))
        + ". Correct the name on one side, or import keeping the people as they are here (the option \"keep existing people\", --keep-existing-people).";
}
