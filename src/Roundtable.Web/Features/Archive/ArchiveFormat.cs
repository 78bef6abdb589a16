using System.Globalization;

namespace Roundtable.Web.Features.Archive;

/// <summary>What a column holds, which says how it is written to JSON and read back (and remapped) on import.</summary>
public enum ColumnKind
{
    /// <summary>The row's own id: written as it was, replaced by a new one on import.</summary>
    Id,
    /// <summary>The id of a row of another file of the archive (<see cref="ArchiveColumn.RefTable"/>): remapped.</summary>
    Ref,
    /// <summary>An account's id (users.json): the account of the same email here, or the one importing.</summary>
    User,
    Text,
    Int,
    Bool,
    /// <summary>A UTC time, ISO 8601 ("2026-05-14T09:30:00.0000000Z").</summary>
    Time,
    /// <summary>Text kept as a file of its own in the ZIP; the JSON holds its path.</summary>
    TextFile,
    /// <summary>Bytes kept as a file of its own in the ZIP; the JSON holds its path (null: none).</summary>
    BlobFile,
}

/// <param name="Deferred">A reference to a row that may come later (a statement's "same voice as", the report's
/// published edition): imported as NULL and set once every row is in.</param>
/// <param name="Default">What an archive without this column (made before it existed) imports. A column added to the
/// format later is Nullable or has a Default, so that older archives still import; the format version changes only
/// when an older Roundtable could not read what a newer one writes.</param>
public sealed record ArchiveColumn(string Name, ColumnKind Kind, bool Nullable = false, string? RefTable = null, bool Deferred = false, object? Default = null);

/// <summary>One JSON file of the archive: the rows of one table that belong to the roundtable.</summary>
/// <param name="Scope">The WHERE clause that picks the roundtable's rows (alias t, parameter @roundtableId).</param>
/// <param name="Key">The column that names a row (for deferred references), when the table has one.</param>
public sealed record ArchiveTable(string Table, string Scope, ArchiveColumn[] Columns, string? Key = null)
{
    public string File => Table + ".json";

    public ArchiveColumn? IdColumn => Columns.FirstOrDefault(c => c.Kind == ColumnKind.Id);

    /// <summary>Constant per table (built once from the names below, never from input).</summary>
    public string SelectSql { get; } =
        $"SELECT {string.Join(", ", Columns.Select(Selected))} FROM {Table} t WHERE {Scope} ORDER BY {OrderOf(Columns)}";

    // A file column is read later, one row at a time; here only whether there is one.
    private static string Selected(ArchiveColumn c) =>
        c.Kind is ColumnKind.TextFile or ColumnKind.BlobFile ? $"CASE WHEN t.{c.Name} IS NULL THEN 0 ELSE 1 END AS {c.Name}" : "t." + c.Name;

    public string InsertSql { get; } =
        $"INSERT INTO {Table} ({string.Join(", ", Columns.Where(c => c.Kind != ColumnKind.Id).Select(c => c.Name))}) " +
        $"VALUES ({string.Join(", ", Columns.Where(c => c.Kind != ColumnKind.Id).Select(c => "@" + c.Name))})" +
        (Columns.Any(c => c.Kind == ColumnKind.Id) ? " RETURNING id" : "");

    private static string OrderOf(ArchiveColumn[] columns) =>
        string.Join(", ", columns.Any(c => c.Kind == ColumnKind.Id) ? ["t.id"] : columns.Where(c => c.Kind == ColumnKind.Ref).Select(c => "t." + c.Name).Take(2));
}

/// <summary>
/// The roundtable archive, format 1: a ZIP of <c>manifest.json</c>, <c>users.json</c>, one JSON file per table below
/// (an array of objects, one per row, keys the column names) and the editions' HTML and PDF under <c>editions/</c>.
/// README, "Roundtable archive", describes it for people; this list is what the code writes and reads, in import order.
/// </summary>
public static class ArchiveFormat
{
    public const string Name = "roundtable-archive";
    public const int Version = 1;
    public const string ManifestFile = "manifest.json";
    public const string UsersFile = "users.json";

    private const string OfRoundtable = "t.roundtable_id = @roundtableId";
    private const string OfParticipations = "t.participation_id IN (SELECT id FROM participations WHERE roundtable_id = @roundtableId)";
    private const string OfPresentations = "t.presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)";
    private const string OfMailings = "t.mailing_id IN (SELECT id FROM mailings WHERE roundtable_id = @roundtableId)";

    private static ArchiveColumn Id => new("id", ColumnKind.Id);
    private static ArchiveColumn T(string name, bool nullable = false) => new(name, ColumnKind.Text, nullable);
    private static ArchiveColumn I(string name, bool nullable = false) => new(name, ColumnKind.Int, nullable);
    private static ArchiveColumn B(string name) => new(name, ColumnKind.Bool);
    private static ArchiveColumn At(string name, bool nullable = false) => new(name, ColumnKind.Time, nullable);
    private static ArchiveColumn U(string name, bool nullable = false) => new(name, ColumnKind.User, nullable);
    private static ArchiveColumn R(string name, string table, bool nullable = false, bool deferred = false) => new(name, ColumnKind.Ref, nullable, table, deferred);

    public static readonly ArchiveTable Roundtables = new("roundtables", "t.id = @roundtableId",
    [
        Id, T("title"), T("subtitle"), T("start_date"), T("end_date"), T("start_time"), T("end_time"), T("time_zone"), T("venue"),
        T("host_organization"), T("sponsoring_program"), T("purpose"), T("status"), U("created_by_user_id"), At("created_at"), At("updated_at"),
    ]);

    /// <summary>Everyone the roundtable refers to: its participants, and whoever its mailings were addressed to.</summary>
    public static readonly ArchiveTable People = new("people", """
        t.id IN (SELECT person_id FROM participations WHERE roundtable_id = @roundtableId)
        OR t.id IN (SELECT o.person_id FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @roundtableId)
        """,
    [
        Id, T("honorific"), T("full_name"), T("name_in_print"), T("surname"), T("sort_name"), T("short_names"), T("position"), T("affiliation"),
        T("email", true), T("phone"), T("biography"), T("first_mention_name"), T("short_form"), At("email_bounced_at", true),
        T("email_bounce_reason", true), At("report_mail_declined_at", true), At("created_at"), At("updated_at"),
    ]);

    public static readonly IReadOnlyList<ArchiveTable> Tables =
    [
        Roundtables,
        People,
        new("participations", OfRoundtable,
        [
            Id, R("roundtable_id", "roundtables"), R("person_id", "people"), B("may_be_named"), B("biography_in_report"), B("attended"),
            T("invitation_status"), I("calendar_sequence", true), T("audience_phrase"), I("biography_position", true), At("created_at"),
        ]),
        new("participation_roles", OfParticipations, [R("participation_id", "participations"), T("role")]),
        new("rsvp_responses", OfParticipations,
        [
            R("participation_id", "participations"), T("answer"), T("comment"), I("changes"), At("answered_at"), T("source"),
            I("calendar_sequence", true), T("delegated_to", true),
        ]),
        new("calendar_events", OfRoundtable, [R("roundtable_id", "roundtables"), I("sequence"), T("fingerprint"), At("updated_at")]),
        new("email_templates", OfRoundtable, [R("roundtable_id", "roundtables"), T("name"), T("subject"), T("text_body"), T("html_body"), At("updated_at")]),
        new("invitation_settings", OfRoundtable, [R("roundtable_id", "roundtables"), I("reminder_days_before", true), At("updated_at")]),
        new("presentations", OfRoundtable,
        [
            Id, R("roundtable_id", "roundtables"), I("position"), T("title"), T("start_time", true), T("end_time", true), B("presenter_named"),
            B("discussion_heading"), At("created_at"),
        ]),
        new("presentation_presenters", OfPresentations, [R("presentation_id", "presentations"), R("participation_id", "participations")]),
        new("presentation_rapporteurs", OfPresentations, [R("presentation_id", "presentations"), R("participation_id", "participations")]),
        new("proceedings", OfPresentations,
        [
            R("presentation_id", "presentations"), T("summary"), I("summary_revision"), T("status"), I("version"), U("approved_by_user_id", true),
            At("approved_at", true), U("updated_by_user_id", true), At("updated_at"),
        ]),
        new("statements", OfPresentations,
        [
            Id, R("presentation_id", "presentations"), I("position"), R("speaker_participation_id", "participations", nullable: true), B("audience"),
            T("kind"), T("text"), T("html", true), I("revision"), T("client_key", true), At("deleted_at", true),
            R("same_voice_as", "statements", nullable: true, deferred: true), T("label_form"), B("by_presenter"),
            U("created_by_user_id"), At("created_at"), U("updated_by_user_id"), At("updated_at"),
        ], Key: "id"),
        new("proceeding_revisions", OfPresentations,
        [
            Id, R("presentation_id", "presentations"), R("statement_id", "statements", nullable: true), I("revision"), T("action"),
            R("speaker_participation_id", "participations", nullable: true), B("audience"), T("kind", true), T("text"), U("user_id"), At("created_at"),
        ]),
        new("proceeding_events", OfPresentations, [Id, R("presentation_id", "presentations"), T("action"), T("note"), U("user_id"), At("created_at")]),
        new("leak_overrides", OfPresentations,
        [
            Id, R("presentation_id", "presentations"), T("place"), R("statement_id", "statements", nullable: true), T("term"), T("text_hash"),
            T("reason"), U("user_id"), At("created_at"),
        ]),
        new("reports", OfRoundtable,
        [
            R("roundtable_id", "roundtables"), T("report_number"), T("report_date"), T("distribution_statement"), T("performing_organization"),
            T("performing_address"), T("subject_terms"), T("abstract"), T("title"), T("subtitle"), T("disclaimer"), T("comments_instructions"),
            T("foreword"), R("foreword_signer_participation_id", "participations", nullable: true), T("foreword_signer_title"),
            T("conference_summary"), T("policy_implications"), T("recommendations"), T("headings"), B("open_questions_always_listed"),
            T("documentation_page"), R("published_edition_id", "report_editions", nullable: true, deferred: true), At("updated_at"),
            U("updated_by_user_id", true),
        ], Key: "roundtable_id"),
        new("open_questions", OfRoundtable, [Id, R("roundtable_id", "roundtables"), I("position"), T("text"), At("created_at")]),
        new("report_editions", OfRoundtable,
        [
            Id, R("roundtable_id", "roundtables"), I("number"), At("created_at"), U("created_by_user_id"), T("created_by_name"),
            new("html", ColumnKind.TextFile), T("text_content"), new("pdf", ColumnKind.BlobFile, Nullable: true), T("sources"), T("warnings"),
            T("leak_hits"), T("overridden_hits", true), At("publish_at", true), U("published_by_user_id", true), T("override_reason", true),
        ]),
        new("report_leak_overrides", OfRoundtable,
        [
            Id, R("roundtable_id", "roundtables"), T("place"), T("term"), T("text_hash"), T("reason"), U("user_id"), At("created_at"),
        ]),
        new("mailings", OfRoundtable,
        [
            Id, R("roundtable_id", "roundtables"), T("kind"), T("title"), T("dedup_key", true), R("edition_id", "report_editions", nullable: true),
            U("created_by_user_id", true), At("created_at"),
        ]),
        new("mailing_skips", OfMailings, [R("mailing_id", "mailings"), T("recipient_key"), T("recipient_name"), T("reason")]),
        new("outbox", OfMailings,
        [
            Id, R("mailing_id", "mailings"), T("recipient_key"), R("person_id", "people", nullable: true),
            R("participation_id", "participations", nullable: true), T("recipient_name"), T("address"), T("template"), T("subject"),
            T("message_id"), T("list_unsubscribe", true), I("resends"), T("status"), I("attempts"), At("next_attempt_at"),
            I("last_smtp_code", true), T("last_smtp_text", true), At("created_at"), At("updated_at"), At("sent_at", true),
        ]),
        new("delivery_bounces", "t.outbox_id IN (SELECT o.id FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.roundtable_id = @roundtableId)",
        [
            R("outbox_id", "outbox"), T("recipient"), T("status"), B("hard"), T("diagnostic"), At("bounced_at"),
        ]),
    ];

    /// <summary>The accounts the roundtable's rows name (who wrote, approved, assembled): no password, no stamp.</summary>
    public const string UsersSql = """
        SELECT id, email, display_name, role FROM users WHERE id IN (
            SELECT created_by_user_id FROM roundtables WHERE id = @roundtableId
            UNION SELECT approved_by_user_id FROM proceedings WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT updated_by_user_id FROM proceedings WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT created_by_user_id FROM statements WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT updated_by_user_id FROM statements WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT user_id FROM proceeding_revisions WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT user_id FROM proceeding_events WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT user_id FROM leak_overrides WHERE presentation_id IN (SELECT id FROM presentations WHERE roundtable_id = @roundtableId)
            UNION SELECT updated_by_user_id FROM reports WHERE roundtable_id = @roundtableId
            UNION SELECT created_by_user_id FROM report_editions WHERE roundtable_id = @roundtableId
            UNION SELECT published_by_user_id FROM report_editions WHERE roundtable_id = @roundtableId
            UNION SELECT user_id FROM report_leak_overrides WHERE roundtable_id = @roundtableId
            UNION SELECT created_by_user_id FROM mailings WHERE roundtable_id = @roundtableId)
        ORDER BY id
        """;

    /// <summary>Outbox rows still waiting in the source: imported as cancelled, so the new installation never sends its mail.</summary>
    public static readonly IReadOnlySet<string> WaitingStatuses = new HashSet<string>(StringComparer.Ordinal) { "queued", "sending", "retrying" };

    /// <summary>The newest migration this app carries (its schema version): 135 for 0135_….</summary>
    public static int AppSchemaVersion(Db db) =>
        Migrations.ScriptNames(db.IsPostgres ? "postgres" : "sqlite").Max(n => int.Parse(n[..4], CultureInfo.InvariantCulture));

    public static string FilePath(ArchiveTable table, ArchiveColumn column, long id) =>
        (table.Table, column.Name) switch
        {
            ("report_editions", "html") => $"editions/{id}.html",
            ("report_editions", "pdf") => $"editions/{id}.pdf",
            _ => $"files/{table.Table}/{id}.{column.Name}",
        };
}

/// <summary>What manifest.json says.</summary>
public sealed class ArchiveManifest
{
    public string Format { get; init; } = "";
    public int FormatVersion { get; init; }
    public int SchemaVersion { get; init; }
    public DateTime ExportedAt { get; init; }
    public string SourceInstallationId { get; init; } = "";
    public long SourceRoundtableId { get; init; }
    public string Title { get; init; } = "";
    public Dictionary<string, int> Counts { get; init; } = [];
}

/// <summary>An archive that cannot be read or imported, with a sentence for the person who gave it.</summary>
public sealed class ArchiveRefusedException(string message) : Exception(message);
