using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Roundtable.Web.Features.People;

/// <summary>
/// CSV import in two steps: a preview that lists every row as new, update or error (with reasons),
/// then an import that writes all rows in one transaction, or none if any row is bad.
/// People are matched by email (ignoring case), so importing the same file again updates them.
/// </summary>
public sealed class ImportPeople(Db db, TimeProvider clock)
{
    public const int MaxRows = 5000;

    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["honorific"] = "Honorific or rank (Dr., Ambassador, Col.)",
        ["full_name"] = "Full name (required)",
        ["name_in_print"] = "How reports print the name (default: the full name)",
        ["surname"] = "Surname for later mentions (default: last word of the name in print)",
        ["sort_name"] = "Sort name (default: Surname, first names)",
        ["short_names"] = "Other names they go by, comma-separated (Bill, Jim)",
        ["position"] = "Position or title",
        ["affiliation"] = "Organization",
        ["email"] = "Email (required here: it is how a second import finds the same person)",
        ["phone"] = "Phone",
        ["biography"] = "Short biography (Markdown)",
    };

    public enum RowAction { New, Update, Error }

    public sealed class PreviewRow
    {
        public int Line { get; init; }
        public RowAction Action { get; set; }
        public PersonValues? Values { get; init; }

        /// <summary>The person as read from the line, before the print names are derived.</summary>
        public PersonForm? Form { get; init; }

        /// <summary>The line's values of the caller's extra columns (see <see cref="Parse"/>), by column name.</summary>
        public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();

        public string RawName { get; init; } = "";
        public List<string> Errors { get; } = [];
    }

    public sealed class Preview
    {
        public string? FileError { get; init; }
        public IReadOnlyList<string> Columns { get; init; } = [];
        public List<PreviewRow> Rows { get; } = [];
        public int ErrorCount => Rows.Count(r => r.Action == RowAction.Error);
        public bool CanImport => FileError is null && Rows.Count > 0 && ErrorCount == 0;
    }

    // Dapper expands a list into (@emails1, @emails2, ...) on SQLite but sends it to Npgsql as one array parameter.
    private const string ExistingSql = "SELECT p.email_normalized, " + PeopleScope.EditableSql + " AS editable FROM people p WHERE p.email_normalized IN @emails";

    private sealed class Existing
    {
        public string EmailNormalized { get; init; } = "";
        public bool Editable { get; init; }
    }

    private const string UpsertSql = """
        INSERT INTO people (honorific, full_name, name_in_print, surname, sort_name, short_names, position, affiliation,
                            email, email_normalized, phone, biography, created_at, updated_at)
        VALUES (@Honorific, @FullName, @NameInPrint, @Surname, @SortName, @ShortNames, @Position, @Affiliation,
                @Email, @EmailNormalized, @Phone, @Biography, @now, @now)
        ON CONFLICT (email_normalized) DO UPDATE SET
            full_name = excluded.full_name,
            email = excluded.email,
            honorific = CASE WHEN @hasHonorific THEN excluded.honorific ELSE people.honorific END,
            name_in_print = CASE WHEN @hasNameInPrint THEN excluded.name_in_print ELSE people.name_in_print END,
            surname = CASE WHEN @hasSurname THEN excluded.surname ELSE people.surname END,
            sort_name = CASE WHEN @hasSortName THEN excluded.sort_name ELSE people.sort_name END,
            short_names = CASE WHEN @hasShortNames THEN excluded.short_names ELSE people.short_names END,
            position = CASE WHEN @hasPosition THEN excluded.position ELSE people.position END,
            affiliation = CASE WHEN @hasAffiliation THEN excluded.affiliation ELSE people.affiliation END,
            phone = CASE WHEN @hasPhone THEN excluded.phone ELSE people.phone END,
            biography = CASE WHEN @hasBiography THEN excluded.biography ELSE people.biography END,
            updated_at = excluded.updated_at
        """;

    /// <summary>
    /// What an import would do. A row that would update a person the user may not edit (see <see cref="PeopleScope"/>)
    /// is an error, so an organizer's file cannot rewrite the people of roundtables they do not manage.
    /// </summary>
    public async Task<Preview> PreviewAsync(System.Security.Claims.ClaimsPrincipal user, string csvText, CancellationToken ct)
    {
        var preview = Parse(csvText);
        if (preview.FileError is not null)
        {
            return preview;
        }
        var emails = preview.Rows.Where(r => r.Values?.EmailNormalized is not null).Select(r => r.Values!.EmailNormalized!).ToList();
        await using var conn = await db.OpenAsync(ct);
        var existing = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var chunk in emails.Chunk(500))
        {
            foreach (var e in await conn.QueryAsync<Existing>(new CommandDefinition(db.Sql(ExistingSql), new { emails = chunk, userId = user.Id() }, cancellationToken: ct)))
            {
                existing[e.EmailNormalized] = e.Editable || user.IsAdministrator();
            }
        }
        foreach (var row in preview.Rows.Where(r => r.Action != RowAction.Error))
        {
            if (!existing.TryGetValue(row.Values!.EmailNormalized!, out var editable))
            {
                row.Action = RowAction.New;
            }
            else if (editable)
            {
                row.Action = RowAction.Update;
            }
            else
            {
                row.Action = RowAction.Error;
                row.Errors.Add("This person takes part in roundtables you do not organize; only an administrator can update them.");
            }
        }
        return preview;
    }

    /// <summary>Writes every row or none.</summary>
    public async Task<Result<Preview>> HandleAsync(System.Security.Claims.ClaimsPrincipal user, string csvText, CancellationToken ct)
    {
        var preview = await PreviewAsync(user, csvText, ct);
        if (!preview.CanImport)
        {
            return Result<Preview>.Fail("", preview.FileError ?? $"{preview.ErrorCount} rows have errors; nothing was imported.");
        }
        var present = new HashSet<string>(preview.Columns);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var row in preview.Rows)
        {
            var p = new DynamicParameters(row.Values);
            p.Add("now", now);
            p.Add("hasHonorific", present.Contains("honorific"));
            p.Add("hasNameInPrint", present.Contains("name_in_print"));
            p.Add("hasSurname", present.Contains("surname"));
            p.Add("hasSortName", present.Contains("sort_name"));
            p.Add("hasShortNames", present.Contains("short_names"));
            p.Add("hasPosition", present.Contains("position"));
            p.Add("hasAffiliation", present.Contains("affiliation"));
            p.Add("hasPhone", present.Contains("phone"));
            p.Add("hasBiography", present.Contains("biography"));
            await conn.ExecuteAsync(new CommandDefinition(UpsertSql, p, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Result<Preview>.Success(preview);
    }

    // What Spreadsheets.Csv escaped ("'=SUM(...)", "'+44 20 ...") comes back as it was written.
    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

    private static string NormalizeHeader(string h) =>
        new string(h.Trim().ToLowerInvariant().Select(c => c is ' ' or '-' ? '_' : c).ToArray());

    /// <param name="extraColumns">Columns read besides the person's (the participant import's roles and flags), with their descriptions.</param>
    internal static Preview Parse(string csvText, IReadOnlyDictionary<string, string>? extraColumns = null)
    {
        if (string.IsNullOrWhiteSpace(csvText))
        {
            return new Preview { FileError = "The file is empty." };
        }
        var badLines = new HashSet<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = args => badLines.Add(args.Context.Parser?.RawRow ?? 0),
            MissingFieldFound = null,
        };
        using var reader = new StringReader(csvText.TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, config);
        if (!csv.Read())
        {
            return new Preview { FileError = "The file is empty." };
        }
        var header = csv.Parser.Record?.Select(NormalizeHeader).ToArray() ?? [];
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i] switch { "name" or "fullname" => "full_name", "e_mail" => "email", var other => other };
            if (Columns.ContainsKey(name) || extraColumns?.ContainsKey(name) == true)
            {
                index.TryAdd(name, i);
            }
        }
        if (!index.ContainsKey("full_name") || !index.ContainsKey("email"))
        {
            return new Preview
            {
                FileError = "The first line must name the columns, including full_name and email. Known columns: " + string.Join(", ", Columns.Keys.Concat(extraColumns?.Keys ?? [])) + ".",
            };
        }
        var preview = new Preview { Columns = index.Keys.ToList() };
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            var line = csv.Parser.RawRow;
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (preview.Rows.Count >= MaxRows)
            {
                return new Preview { FileError = $"The file has more than {MaxRows} rows; split it." };
            }
            string? Field(string name) => index.TryGetValue(name, out var i) && i < record.Length ? Unescape(record[i]) : null;
            var form = new PersonForm
            {
                Honorific = Field("honorific"), FullName = Field("full_name") ?? "", NameInPrint = Field("name_in_print"),
                Surname = Field("surname"), SortName = Field("sort_name"), ShortNames = Field("short_names"),
                Position = Field("position"), Affiliation = Field("affiliation"), Email = Field("email"),
                Phone = Field("phone"), Biography = Field("biography"),
            };
            var row = new PreviewRow
            {
                Line = line, RawName = form.FullName, Values = PersonValues.From(form), Form = form,
                Extra = (extraColumns?.Keys ?? []).ToDictionary(c => c, Field),
            };
            if (badLines.Contains(line))
            {
                row.Errors.Add("The line has a stray quote character; the fields could not be read reliably.");
            }
            if (record.Length != header.Length)
            {
                row.Errors.Add($"The line has {record.Length} fields; the header has {header.Length}.");
            }
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true))
            {
                row.Errors.AddRange(results.Select(r => r.ErrorMessage ?? "Invalid value."));
            }
            if (PersonValues.RefuseImage(form) is { } image)
            {
                row.Errors.Add(image.Message);
            }
            if (string.IsNullOrWhiteSpace(form.Email))
            {
                row.Errors.Add("The email is missing; an import matches people by email.");
            }
            else if (row.Values!.EmailNormalized is { } e && !seen.TryAdd(e, line))
            {
                row.Errors.Add($"The email {form.Email!.Trim()} is already on line {seen[e]} of this file.");
            }
            row.Action = row.Errors.Count > 0 ? RowAction.Error : RowAction.New;
            preview.Rows.Add(row);
        }
        if (preview.Rows.Count == 0)
        {
            return new Preview { FileError = "The file has a header but no rows." };
        }
        return preview;
    }
}
