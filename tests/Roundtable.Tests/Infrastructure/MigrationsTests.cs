using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using Roundtable.Tests.Support;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Infrastructure;

/// <summary>sql/sqlite and sql/postgres have the same scripts, and the schemas they build have the same tables and columns.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Every_script_has_its_twin_in_the_other_dialect()
    {
        var sqlite = Migrations.ScriptNames("sqlite");
        var postgres = Migrations.ScriptNames("postgres");
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
        Assert.All(sqlite, name => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", name));
    }

    [Fact]
    public Task Upgrading_moves_queued_messages_texts_out_of_the_outbox_row_and_keeps_them() => InSqliteFolder(async folder =>
    {
        var db = Sqlite(folder, "upgrade.db");
        Migrations.Apply(db, name => string.CompareOrdinal(name, "0033") < 0);
        await using (var conn = await db.OpenAsync())
        {
            var mailing = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO mailings (kind, title, created_at) VALUES ('invitation', 'Before the upgrade', @now) RETURNING id
                """, new { now = DateTime.UtcNow });
            await conn.ExecuteAsync("""
                INSERT INTO outbox (mailing_id, recipient_key, recipient_name, address, template, subject, text_body, html_body, calendar,
                    message_id, next_attempt_at, created_at, updated_at)
                VALUES (@mailing, 'participation:1', 'Ingrid Solberg', 'isolberg@example.org', 'invitation', 'Invitation',
                    'Dear Ms Solberg, Tromsø.', '<p>Dear Ms Solberg</p>', 'BEGIN:VCALENDAR', 'rt.1.participation-1.0@example.org', @now, @now, @now)
                """, new { mailing, now = DateTime.UtcNow });
        }

        Migrations.Apply(db);

        await using (var conn = await db.OpenAsync())
        {
            var content = await conn.QuerySingleAsync<(string? ContentType, byte[]? Wire, string Text, string Html, string Calendar)>(
                "SELECT content_type, wire, text_body, html_body, calendar FROM outbox_content");
            Assert.Equal((null, null, "Dear Ms Solberg, Tromsø.", "<p>Dear Ms Solberg</p>", "BEGIN:VCALENDAR"), content);
            var columns = (await conn.QueryAsync<string>("SELECT name FROM pragma_table_info('outbox')")).ToList();
            Assert.Contains("subject", columns);
            Assert.DoesNotContain("text_body", columns);
            Assert.DoesNotContain("html_body", columns);
            Assert.DoesNotContain("calendar", columns);
        }
    });

    [Fact]
    public Task Upgrading_makes_statements_stored_with_an_image_render_again_and_leaves_the_others() => InSqliteFolder(async folder =>
    {
        var db = Sqlite(folder, "images.db");
        Migrations.Apply(db, name => string.CompareOrdinal(name, "0043") < 0);
        await using (var conn = await db.OpenAsync())
        {
            await conn.ExecuteAsync("""
                INSERT INTO users (id, email, email_normalized, display_name, role, password_hash, security_stamp, created_at)
                VALUES (1, 'o@example.org', 'O@EXAMPLE.ORG', 'O', 'organizer', 'x', 'x', @now);
                INSERT INTO roundtables (id, title, start_date, end_date, start_time, end_time, time_zone, created_by_user_id, created_at, updated_at)
                VALUES (1, 'Before the upgrade', '2026-01-01', '2026-01-01', '09:00', '17:00', 'UTC', 1, @now, @now);
                INSERT INTO presentations (id, roundtable_id, position, title, created_at) VALUES (1, 1, 1, 'One', @now);
                INSERT INTO statements (id, presentation_id, position, kind, text, html, created_by_user_id, created_at, updated_by_user_id, updated_at)
                VALUES (1, 1, 1, 'remark', 'showed ![map](http://127.0.0.1:5389/x)', '<p>showed <img src="http://127.0.0.1:5389/x" alt="map"></p>', 1, @now, 1, @now),
                       (2, 1, 2, 'remark', 'agreed.', '<p>agreed.</p>', 1, @now, 1, @now);
                """, new { now = DateTime.UtcNow });
        }

        Migrations.Apply(db);

        await using (var conn = await db.OpenAsync())
        {
            Assert.Equal([(1L, null), (2L, "<p>agreed.</p>")], (await conn.QueryAsync<(long, string?)>("SELECT id, html FROM statements ORDER BY id")).ToList());
        }
    });

    [Fact]
    public Task Upgrading_makes_the_first_organizer_the_administrator_and_keeps_existing_links() => InSqliteFolder(async folder =>
    {
        var db = Sqlite(folder, "rights.db");
        Migrations.Apply(db, name => string.CompareOrdinal(name, "0060") < 0);
        await using (var conn = await db.OpenAsync())
        {
            await conn.ExecuteAsync("""
                INSERT INTO people (full_name, name_in_print, surname, sort_name, created_at, updated_at) VALUES ('Rae Rapp', 'Rae Rapp', 'Rapp', 'Rapp, Rae', @now, @now);
                INSERT INTO users (email, email_normalized, display_name, role, password_hash, person_id, security_stamp, created_at) VALUES
                    ('rap@up.example.org', 'RAP@UP.EXAMPLE.ORG', 'Rap', 'rapporteur', 'x', 1, 's', @now),
                    ('first@up.example.org', 'FIRST@UP.EXAMPLE.ORG', 'First', 'organizer', 'x', NULL, 's', @now),
                    ('second@up.example.org', 'SECOND@UP.EXAMPLE.ORG', 'Second', 'organizer', 'x', NULL, 's', @now);
                INSERT INTO roundtables (title, start_date, end_date, start_time, end_time, time_zone, created_by_user_id, created_at, updated_at)
                VALUES ('Before', '2026-01-01', '2026-01-01', '09:00', '17:00', 'UTC', 3, @now, @now);
                INSERT INTO participations (roundtable_id, person_id, created_at) VALUES (1, 1, @now);
                INSERT INTO participation_roles (participation_id, role) VALUES (1, 'rapporteur');
                """, new { now = DateTime.UtcNow });
        }

        Migrations.Apply(db);

        await using (var conn = await db.OpenAsync())
        {
            Assert.Equal(["first@up.example.org"], await conn.QueryAsync<string>("SELECT email FROM users WHERE is_administrator = 1"));
            Assert.Equal([(1L, 1L, "rapporteur")], await conn.QueryAsync<(long, long, string)>("SELECT user_id, roundtable_id, role FROM account_roles"));
            Assert.Equal([(3L, 1L)], await conn.QueryAsync<(long, long)>("SELECT user_id, roundtable_id FROM roundtable_managers"));
        }
    });

    [Fact]
    public Task A_new_sqlite_file_gets_16_KB_pages_in_WAL_and_an_existing_one_keeps_its_pages() => InSqliteFolder(async folder =>
    {
        var fresh = Sqlite(folder, "fresh.db");
        Migrations.Apply(fresh);
        Assert.Equal((16384L, "wal"), await PagesAndJournal(fresh));

        // A file made before this version: 4 KB pages, some tables already there.
        var older = Sqlite(folder, "older.db");
        await using (var conn = new SqliteConnection(older.ConnectionString))
        {
            await conn.ExecuteAsync("PRAGMA page_size = 4096; CREATE TABLE earlier (id INTEGER PRIMARY KEY);");
        }
        Migrations.Apply(older);
        Assert.Equal((4096L, "wal"), await PagesAndJournal(older));
        await using var check = await older.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"));

        static async Task<(long, string)> PagesAndJournal(Db db)
        {
            await using var conn = await db.OpenAsync();
            return (await conn.ExecuteScalarAsync<long>("PRAGMA page_size"), await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode") ?? "");
        }
    });

    /// <summary>Runs a test in a folder of its own for SQLite files, and removes it after.</summary>
    private static async Task InSqliteFolder(Func<string, Task> test)
    {
        var folder = Path.Combine(Path.GetTempPath(), "roundtable-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await test(folder);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Db Sqlite(string folder, string file) =>
        new(new DatabaseSettings { Provider = "Sqlite", ConnectionString = $"Data Source={file}" }, new HostingEnvironment { ContentRootPath = folder });

    private sealed class Column
    {
        public string Table { get; init; } = "";
        public string Name { get; init; } = "";
        public string Type { get; init; } = "";
        public bool NotNull { get; init; }
    }

    [PostgresFact]
    [Trait("Category", PostgresFactAttribute.Category)]
    public async Task Both_dialects_build_the_same_tables_columns_and_nullability_with_matching_types()
    {
        PostgresFactAttribute.RequirePostgres();
        var folder = Path.Combine(Path.GetTempPath(), "roundtable-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var pg = TestDatabase.CreatePostgres();
        try
        {
            var env = new HostingEnvironment { ContentRootPath = folder };
            var sqliteDb = Sqlite(folder, "schema.db");
            await using var pgDb = new Db(new DatabaseSettings { Provider = "Postgres", ConnectionString = pg }, env);
            Migrations.Apply(sqliteDb);
            Migrations.Apply(pgDb);

            List<Column> sqliteColumns;
            await using (var conn = await sqliteDb.OpenAsync())
            {
                sqliteColumns = (await conn.QueryAsync<Column>("""
                    SELECT m.name AS "table", c.name AS name, UPPER(c.type) AS type, c."notnull" OR c.pk AS not_null
                    FROM sqlite_master m JOIN pragma_table_info(m.name) c
                    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'SchemaVersions'
                    """)).AsList();
            }
            List<Column> pgColumns;
            await using (var conn = await pgDb.OpenAsync())
            {
                pgColumns = (await conn.QueryAsync<Column>("""
                    SELECT table_name AS "table", column_name AS name, data_type AS type, is_nullable = 'NO' AS not_null
                    FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name <> 'schemaversions'
                      AND table_name IN (SELECT t.table_name FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE')
                    """)).AsList();
            }

            // Views (account_roles, roundtable_managers) are compared by name; their columns come from the tables above.
            await using (var sqliteConn = await sqliteDb.OpenAsync())
            await using (var pgConn = await pgDb.OpenAsync())
            {
                var sqliteViews = (await sqliteConn.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")).AsList();
                var pgViews = (await pgConn.QueryAsync<string>("SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name")).AsList();
                Assert.Equal(sqliteViews, pgViews);
            }

            Assert.True(sqliteColumns.Count > 100, $"only {sqliteColumns.Count} SQLite columns were read");
            static string Key(Column c) => $"{c.Table}.{c.Name}";
            Assert.Equal(sqliteColumns.Select(Key).Order(), pgColumns.Select(Key).Order());
            var pgByKey = pgColumns.ToDictionary(Key);
            foreach (var s in sqliteColumns)
            {
                var p = pgByKey[Key(s)];
                Assert.True(s.NotNull == p.NotNull, $"{Key(s)}: NOT NULL differs");
                var expected = s.Type switch
                {
                    "BLOB" => ["bytea"],
                    "TEXT" when s.Name.EndsWith("_at", StringComparison.Ordinal) || s.Name.EndsWith("_until", StringComparison.Ordinal) => ["timestamp with time zone"],
                    "TEXT" => ["text"],
                    "INTEGER" => new[] { "bigint", "integer", "boolean" },
                    _ => [$"an unexpected SQLite type {s.Type}"],
                };
                Assert.True(expected.Contains(p.Type), $"{Key(s)}: SQLite {s.Type}, PostgreSQL {p.Type}; expected {string.Join(" or ", expected)}");
                if (p.Type == "integer" && (s.Name == "id" || s.Name.EndsWith("_id", StringComparison.Ordinal)))
                {
                    Assert.Fail($"{Key(s)} is an id: bigint on PostgreSQL, as every key is a long.");
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            TestDatabase.DropPostgres(pg);
            Directory.Delete(folder, recursive: true);
        }
    }
}
