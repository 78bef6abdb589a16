using System.Data;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Features.Mailings;

/// <summary>
/// A read-only transaction in which every statement sees the database as of one moment, so a page made of several reads
/// (a run, its steps, its mailings' counts) never shows one read's later state beside another's earlier one.
/// SQLite: a deferred transaction (in WAL mode it reads one snapshot and takes no write lock, so delivery goes on);
/// PostgreSQL: repeatable read.
/// </summary>
public static class ReadSnapshot
{
    public static async Task<DbTransaction> BeginAsync(Db db, DbConnection conn, CancellationToken ct) =>
        db.IsPostgres
            ? await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct)
            : ((SqliteConnection)conn).BeginTransaction(deferred: true);
}
