using System.Globalization;
using System.Text;
using Roundtable.Web.Features.Reports;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Demo;

/// <summary>How big a generated roundtable is.</summary>
public sealed record LargeRoundtableSize(int Participants = 2_000, int Presentations = 40, int StatementsPerPresentation = 100, int Editions = 5)
{
    /// <summary>The size the page benchmark measures: what a very large roundtable might reach.</summary>
    public static readonly LargeRoundtableSize Benchmark = new();
}

/// <summary>
/// Generates a roundtable of any size for the page benchmark and the N+1 tests: invented people, participants with
/// roles (a tenth of them may not be named), an agenda with a presenter each and two rapporteurs on every
/// presentation, proceedings with statements (some unidentified, some from the audience) and their first revisions,
/// report texts and open questions, and editions whose HTML is the real report's (laid out by the report's own view;
/// no PDF is printed). Rows are written with plain SQL in batches, in one transaction, so 2,000 participants and
/// 4,000 statements take a second or two; nothing is mailed and no use case's checks run, so only call it on data of
/// its own. The people's emails are unique per call (<c>large-{roundtable}-{n}@example.invalid</c>).
/// </summary>
public sealed class SeedLargeRoundtable(Db db, CreateRoundtable createRoundtable, SaveReport saveReport, AddOpenQuestion addQuestion,
    LoadReportContent loadReport, RazorRenderer razor, TimeProvider clock)
{
    private const int Batch = 200;

    public sealed record Generated(long RoundtableId, IReadOnlyList<long> ParticipationIds, IReadOnlyList<long> PresentationIds, IReadOnlyList<long> RapporteurParticipationIds);

    private static readonly string[] Kinds = ["remark", "question", "reply"];

    private static readonly string[] FirstNames =
    [
        "Anna", "Bjørn", "Claire", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ingrid", "Jonas", "Kaisa", "Luis", "Maren", "Nikolai",
        "Olga", "Pekka", "Quentin", "Rasmus", "Sigrid", "Tomas", "Ulla", "Viktor", "Wenche", "Xavier", "Yusuf", "Zofia", "Aleksi", "Brita",
        "Carlos", "Dagny", "Einar", "Frida", "Gunnar", "Helga", "Ivar", "Jorunn", "Knut", "Liv", "Magnus", "Nora",
    ];

    private static readonly string[] Words =
    [
        "deterrence", "shipping", "ice", "cooperation", "coast", "guard", "treaty", "alliance", "exercise", "incident", "rescue",
        "boundary", "shelf", "fisheries", "communities", "council", "northern", "flank", "reassurance", "patrol", "airspace",
        "notification", "hotline", "science", "insurance", "routes", "ports", "sovereignty", "observers", "dialogue",
    ];

    public async Task<Generated> HandleAsync(long organizerUserId, LargeRoundtableSize size, CancellationToken ct, string title = "Large Roundtable on Northern Security")
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var roundtableId = await createRoundtable.HandleAsync(new RoundtableForm
        {
            Title = title, Subtitle = $"{size.Participants:N0} participants, {size.Presentations} presentations",
            StartDate = DateOnly.FromDateTime(now).AddDays(-30), StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(18, 0),
            TimeZone = "Europe/Oslo", Venue = "Fram Centre, Tromsø", HostOrganization = "Meridian Institute for Strategic Studies",
            Purpose = "A generated roundtable, to measure the pages at scale.", Status = "proceedings",
        }, organizerUserId, ct);

        var prefix = $"LARGE-{roundtableId}-";
        List<long> participations;
        var presentations = new List<long>(size.Presentations);
        List<long> rapporteurs;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await InsertRowsAsync(conn, tx, "people",
                ["honorific", "full_name", "name_in_print", "surname", "sort_name", "first_mention_name", "position", "affiliation", "email", "email_normalized", "biography", "created_at", "updated_at"],
                Enumerable.Range(1, size.Participants).Select(i =>
                {
                    var surname = $"Surname{i:00000}";
                    var first = FirstNames[i % FirstNames.Length];
                    var email = $"large-{roundtableId}-{i:00000}@example.invalid";
                    return new object?[]
                    {
                        // Every seventh has a fuller form for the first time the proceedings name them.
                        i % 3 == 0 ? "Dr." : "", $"{first} {Capital(Word(i))} {surname}", $"{first} {surname}", surname, surname, i % 7 == 0 ? $"{first} {Capital(Word(i))} {surname}" : "", "Senior Fellow",
                        $"Institute of {Word(i * 7)} Studies", email, email.ToUpperInvariant(),
                        $"{first} {surname} studies {Word(i)} and {Word(i + 3)} in the High North and has written on {Word(i + 11)}.", now, now,
                    };
                }).ToList(), ct);
            // A tenth may not be named; every twentieth has their biography in the report.
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO participations (roundtable_id, person_id, may_be_named, biography_in_report, attended, invitation_status, created_at)
                SELECT @roundtableId, p.id, (p.id % 10 <> 0), (p.id % 20 = 1), TRUE, 'accepted', @now
                FROM people p WHERE p.email_normalized LIKE @pattern
                """, new { roundtableId, now, pattern = prefix + "%" }, tx, cancellationToken: ct));
            participations = (await conn.QueryAsync<long>(new CommandDefinition(
                "SELECT pa.id FROM participations pa JOIN people p ON p.id = pa.person_id WHERE pa.roundtable_id = @roundtableId ORDER BY p.sort_name, pa.id",
                new { roundtableId }, tx, cancellationToken: ct))).AsList();
            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO participation_roles (participation_id, role) SELECT id, 'participant' FROM participations WHERE roundtable_id = @roundtableId",
                new { roundtableId }, tx, cancellationToken: ct));

            // The first participant directs (and signs the foreword), the next two are the rapporteurs, then one presenter per presentation.
            rapporteurs = participations.Skip(1).Take(2).ToList();
            var roles = new List<object?[]> { new object?[] { participations[0], "director" } };
            roles.AddRange(rapporteurs.Select(r => new object?[] { r, "rapporteur" }));
            var presenters = Enumerable.Range(0, size.Presentations).Select(i => participations[(3 + i) % participations.Count]).ToList();
            roles.AddRange(presenters.Distinct().Select(p => new object?[] { p, "presenter" }));
            await InsertRowsAsync(conn, tx, "participation_roles", ["participation_id", "role"], roles, ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE participations SET may_be_named = TRUE WHERE id = @id", new { id = participations[0] }, tx, cancellationToken: ct));

            for (var i = 0; i < size.Presentations; i++)
            {
                presentations.Add(await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO presentations (roundtable_id, position, title, presenter_named, created_at)
                    VALUES (@roundtableId, @position, @title, @named, @now) RETURNING id
                    """, new { roundtableId, position = i + 1, title = $"Presentation {i + 1}: {Capital(Word(i))} and {Word(i + 5)} in the north", named = i % 6 != 5, now }, tx, cancellationToken: ct)));
            }
            await InsertRowsAsync(conn, tx, "presentation_presenters", ["presentation_id", "participation_id"],
                presentations.Select((p, i) => new object?[] { p, presenters[i] }).ToList(), ct);
            await InsertRowsAsync(conn, tx, "presentation_rapporteurs", ["presentation_id", "participation_id"],
                presentations.SelectMany(p => rapporteurs.Select(r => new object?[] { p, r })).ToList(), ct);
            await InsertRowsAsync(conn, tx, "proceedings", ["presentation_id", "summary", "summary_revision", "status", "version", "updated_by_user_id", "updated_at"],
                presentations.Select((p, i) => new object?[]
                {
                    p, $"{{presenter}} opened with an account of {Word(i)} and {Word(i + 2)}, and argued that {Word(i + 4)} matters more than {Word(i + 6)}.",
                    1, "draft", size.StatementsPerPresentation + 1, organizerUserId, now,
                }).ToList(), ct);
            var statements = new List<object?[]>(size.Presentations * size.StatementsPerPresentation);
            for (var p = 0; p < presentations.Count; p++)
            {
                for (var k = 0; k < size.StatementsPerPresentation; k++)
                {
                    var n = p * size.StatementsPerPresentation + k;
                    // Every ninth voice is unidentified, every fifth statement from the audience.
                    long? speaker = n % 9 == 4 ? null : participations[(n * 13 + 7) % participations.Count];
                    var text = Sentence(n);
                    statements.Add([presentations[p], k + 1, speaker, speaker is not null && n % 5 == 0, Kinds[n % 3], text, "<p>" + text + "</p>\n",
                        1, "derived", false, organizerUserId, now, organizerUserId, now]);
                }
            }
            await InsertRowsAsync(conn, tx, "statements",
                ["presentation_id", "position", "speaker_participation_id", "audience", "kind", "text", "html", "revision", "label_form", "by_presenter",
                 "created_by_user_id", "created_at", "updated_by_user_id", "updated_at"], statements, ct);
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO proceeding_revisions (presentation_id, statement_id, revision, action, speaker_participation_id, audience, kind, text, user_id, created_at)
                SELECT s.presentation_id, s.id, 1, 'created', s.speaker_participation_id, s.audience, s.kind, s.text, s.created_by_user_id, s.created_at
                FROM statements s JOIN presentations pr ON pr.id = s.presentation_id WHERE pr.roundtable_id = @roundtableId
                """, new { roundtableId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        var saved = await saveReport.HandleAsync(roundtableId, new ReportForm
        {
            ReportNumber = $"LARGE-{roundtableId}", DistributionStatement = "Approved for public release; distribution is unlimited.",
            PerformingOrganization = "Meridian Institute for Strategic Studies", Abstract = "A generated report.",
            Foreword = "This report was generated to measure the pages of a very large roundtable.",
            ForewordSignerParticipationId = participations[0], ForewordSignerTitle = "Director",
            ConferenceSummary = "The participants discussed " + string.Join(", ", Words.Take(12)) + ".",
            PolicyImplications = "First, measure. Second, keep the pages flat.", Recommendations = "Reconvene with fewer participants.",
        }, organizerUserId, ct);
        if (!saved.Ok)
        {
            throw new InvalidOperationException("The generated report texts are invalid: " + string.Join("; ", saved.Errors.Select(e => e.Message)));
        }
        for (var q = 0; q < 5; q++)
        {
            await addQuestion.HandleAsync(roundtableId, new OpenQuestionForm { Text = $"How should {Word(q)} and {Word(q + 9)} be balanced?" }, ct);
        }
        await AddEditionsAsync(roundtableId, size.Editions, organizerUserId, ct);
        return new Generated(roundtableId, participations, presentations, rapporteurs);
    }

    /// <summary>
    /// Adds <paramref name="count"/> editions of the roundtable's report as it stands: the HTML and text an assembly
    /// would store, laid out by the report's own view, without a PDF (none is printed) and without warnings.
    /// </summary>
    public async Task AddEditionsAsync(long roundtableId, int count, long userId, CancellationToken ct)
    {
        if (count <= 0)
        {
            return;
        }
        await using var conn = await db.OpenAsync(ct);
        var first = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM report_editions WHERE roundtable_id = @roundtableId", new { roundtableId }, cancellationToken: ct));
        var userName = await conn.ExecuteScalarAsync<string>(new CommandDefinition("SELECT display_name FROM users WHERE id = @userId", new { userId }, cancellationToken: ct)) ?? "";
        for (var number = first; number < first + count; number++)
        {
            var outcome = await loadReport.HandleAsync(roundtableId, number, TemplateFiles.Read("report/report.css"), ct);
            if (outcome.Content is not { } content)
            {
                throw new InvalidOperationException("The report cannot be laid out: " + string.Join("; ", outcome.Problems));
            }
            content.PageNumbers = new Dictionary<string, string>();
            var html = Typography.Smarten(await razor.RenderAsync(PrintEdition.View, content));
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO report_editions (roundtable_id, number, created_at, created_by_user_id, created_by_name, html, text_content, pdf,
                                             sources, warnings, leak_hits, overridden_hits)
                VALUES (@roundtableId, @number, @now, @userId, @userName, @html, @text, NULL, '[]', '[]', '[]', '[]')
                """, new { roundtableId, number, now = clock.GetUtcNow().UtcDateTime, userId, userName, html, text = HtmlText.From(html) }, cancellationToken: ct));
        }
    }

    /// <summary>Rows written <see cref="Batch"/> at a time as one multi-row INSERT (constant text per batch size).</summary>
    private static async Task InsertRowsAsync(DbConnection conn, DbTransaction tx, string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        for (var start = 0; start < rows.Count; start += Batch)
        {
            var n = Math.Min(Batch, rows.Count - start);
            var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
            var parameters = new DynamicParameters();
            for (var i = 0; i < n; i++)
            {
                sql.Append(i == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"p{i}_{c}");
                    sql.Append(c == 0 ? "@" : ", @").Append(name);
                    parameters.Add(name, rows[start + i][c]);
                }
                sql.Append(')');
            }
            await conn.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, tx, cancellationToken: ct));
        }
    }

    private static string Word(int i) => Words[((i % Words.Length) + Words.Length) % Words.Length];

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>A statement of three to six sentences, different for each <paramref name="n"/>.</summary>
    private static string Sentence(int n)
    {
        var text = new StringBuilder();
        for (var s = 0; s < 3 + n % 4; s++)
        {
            text.Append(s == 0 ? "" : " ").Append(Capital(Word(n + s))).Append(" depends on ").Append(Word(n * 3 + s)).Append(" more than on ")
                .Append(Word(n * 5 + s * 2)).Append(", and the ").Append(Word(n + s * 7)).Append(" of the region shows it.");
        }
        return text.ToString();
    }
}
