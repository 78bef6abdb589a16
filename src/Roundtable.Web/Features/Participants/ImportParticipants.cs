using System.Security.Claims;
using Roundtable.Web.Features.People;

namespace Roundtable.Web.Features.Participants;

/// <summary>
/// A CSV file straight into a roundtable, in two steps like the directory import (<see cref="ImportPeople"/>): a
/// preview that shows every line as a new person, a person already in the directory (matched by email, whose record
/// is left as it is), or an error with its reasons; then one transaction that adds every line or none.
/// </summary>
public sealed class ImportParticipants(Db db, CreatePerson createPerson, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["roles"] = "Roles on this roundtable, separated by ; or , (" + string.Join(", ", ParticipationRoles.All.Select(r => r.Value)) + "); empty: participant",
        ["may_be_named"] = "yes or no (empty: no): may the report name them?",
        ["biography_in_report"] = "yes or no (empty: no): their biography under “Among the participants”",
        ["attended"] = "yes or no (empty: no)",
    };

    public enum RowAction { NewPerson, Existing, Error }

    public sealed class PreviewRow
    {
        public int Line { get; init; }
        public RowAction Action { get; set; }
        public string Name { get; set; } = "";
        public string Email { get; init; } = "";
        public string Affiliation { get; init; } = "";
        public PersonForm? Person { get; init; }
        public long? PersonId { get; set; }
        public IReadOnlyList<string> Roles { get; init; } = [];
        public bool MayBeNamed { get; init; }
        public bool BiographyInReport { get; init; }
        public bool Attended { get; init; }
        public List<string> Errors { get; init; } = [];
    }

    public sealed class Preview
    {
        public string? FileError { get; init; }
        public List<PreviewRow> Rows { get; } = [];
        public int ErrorCount => Rows.Count(r => r.Action == RowAction.Error);
        public bool CanImport => FileError is null && Rows.Count > 0 && ErrorCount == 0;
    }

    private sealed class Known
    {
        public long Id { get; init; }
        public string EmailNormalized { get; init; } = "";
        public string FullName { get; init; } = "";
        public bool Visible { get; init; }
        public bool Present { get; init; }
    }

    private const string KnownSql = """
        SELECT p.id, p.email_normalized, p.full_name,
               (@all OR
        """ + PeopleScope.VisibleSql + """
               ) AS visible,
               EXISTS (SELECT 1 FROM participations x WHERE x.person_id = p.id AND x.roundtable_id = @roundtableId) AS present
        FROM people p
        WHERE p.email_normalized IN @emails
        """;

    private const string InsertSql = """
        INSERT INTO participations (roundtable_id, person_id, may_be_named, biography_in_report, audience_phrase, attended, invitation_status, created_at)
        VALUES (@roundtableId, @personId, @MayBeNamed, @BiographyInReport, '', @Attended, 'not_invited', @now)
        ON CONFLICT (roundtable_id, person_id) DO NOTHING
        RETURNING id
        """;

    /// <summary>What an import would do; writes nothing.</summary>
    public async Task<Preview> PreviewAsync(ClaimsPrincipal user, long roundtableId, string csvText, CancellationToken ct)
    {
        var preview = Parse(csvText);
        if (preview.FileError is null)
        {
            await using var conn = await db.OpenAsync(ct);
            await MatchAsync(conn, null, user, roundtableId, preview, ct);
        }
        return preview;
    }

    /// <summary>Adds every line (creating the people not yet in the directory), or nothing if any line is bad.</summary>
    public async Task<Result<Preview>> HandleAsync(ClaimsPrincipal user, long roundtableId, string csvText, CancellationToken ct)
    {
        var preview = Parse(csvText);
        if (preview.FileError is not null)
        {
            return Result<Preview>.Fail("", preview.FileError + " Nothing was imported.");
        }
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await MatchAsync(conn, tx, user, roundtableId, preview, ct);
        if (!preview.CanImport)
        {
            return Result<Preview>.Fail("", $"{preview.ErrorCount} of {preview.Rows.Count} lines have errors; nothing was imported.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in preview.Rows)
        {
            if (row.PersonId is null)
            {
                var created = await createPerson.InsertAsync(conn, tx, row.Person!, ct);
                if (!created.Ok)
                {
                    return Result<Preview>.Fail("", $"Line {row.Line}: {created.Errors[0].Message} Nothing was imported.");
                }
                row.PersonId = created.Value;
            }
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertSql, new
            {
                roundtableId, personId = row.PersonId, row.MayBeNamed, row.BiographyInReport, row.Attended, now,
            }, tx, cancellationToken: ct));
            if (id is null)
            {
                return Result<Preview>.Fail("", $"Line {row.Line}: {row.Name} already takes part in this roundtable. Nothing was imported.");
            }
            await ParticipantRoles.ReplaceAsync(conn, tx, id.Value, row.Roles, ct);
        }
        await tx.CommitAsync(ct);
        return Result<Preview>.Success(preview);
    }

    internal static Preview Parse(string csvText)
    {
        var people = ImportPeople.Parse(csvText, Columns);
        if (people.FileError is not null)
        {
            return new Preview { FileError = people.FileError };
        }
        var preview = new Preview();
        foreach (var line in people.Rows)
        {
            var errors = new List<string>(line.Errors);
            var roles = (line.Extra["roles"] ?? "").Split([';', ',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => r.ToLowerInvariant()).Distinct().ToList();
            errors.AddRange(roles.Where(r => !ParticipationRoles.IsKnown(r)).Select(ParticipationRoles.NotARole));
            bool Flag(string column)
            {
                var value = (line.Extra[column] ?? "").Trim().ToLowerInvariant();
                switch (value)
                {
                    case "" or "no" or "n" or "false" or "0":
                        return false;
                    case "yes" or "y" or "true" or "1" or "x":
                        return true;
                    default:
                        errors.Add($"{column}: “{line.Extra[column]}” is neither yes nor no.");
                        return false;
                }
            }
            preview.Rows.Add(new PreviewRow
            {
                Line = line.Line, Name = line.RawName, Email = line.Values?.Email ?? "", Affiliation = line.Values?.Affiliation ?? "",
                Person = line.Form, Roles = roles.Count == 0 ? ["participant"] : roles,
                MayBeNamed = Flag("may_be_named"), BiographyInReport = Flag("biography_in_report"), Attended = Flag("attended"),
                Errors = errors, Action = errors.Count > 0 ? RowAction.Error : RowAction.NewPerson,
            });
        }
        return preview;
    }

    /// <summary>Finds each line's person by email; a line whose person already takes part, or whom the user may not read, is an error.</summary>
    private async Task MatchAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction? tx, ClaimsPrincipal user, long roundtableId,
        Preview preview, CancellationToken ct)
    {
        var emails = preview.Rows.Where(r => r.Action != RowAction.Error).Select(r => Emails.Normalize(r.Email)).OfType<string>().Distinct().ToList();
        var known = new Dictionary<string, Known>(StringComparer.Ordinal);
        foreach (var chunk in emails.Chunk(500))
        {
            foreach (var k in await conn.QueryAsync<Known>(new CommandDefinition(db.Sql(KnownSql), new
            {
                emails = chunk, roundtableId, all = user.IsAdministrator(), userId = user.Id(),
            }, tx, cancellationToken: ct)))
            {
                known[k.EmailNormalized] = k;
            }
        }
        foreach (var row in preview.Rows.Where(r => r.Action != RowAction.Error))
        {
            if (!known.TryGetValue(Emails.Normalize(row.Email) ?? "", out var person))
            {
                continue;
            }
            if (!person.Visible)
            {
                row.Errors.Add($"{row.Email} is in the directory for a roundtable you do not organize; ask an administrator to add them.");
                row.Action = RowAction.Error;
            }
            else if (person.Present)
            {
                row.Errors.Add($"{person.FullName} ({row.Email}) already takes part in this roundtable: take the line out, or change them on the participants page.");
                row.Action = RowAction.Error;
            }
            else
            {
                row.Action = RowAction.Existing;
                row.PersonId = person.Id;
                row.Name = person.FullName;
            }
        }
    }
}
