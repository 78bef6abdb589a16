using System.Data;
using Microsoft.Data.Sqlite;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// SQLite lets one write transaction in at a time; this makes the app's writers wait for their turn in order, without
/// polling. A write transaction (BEGIN IMMEDIATE, what <see cref="DbConnection.BeginTransactionAsync(CancellationToken)"/>
/// starts on SQLite) first takes the database's one turn, asynchronously, and gives it back when the transaction
/// commits or rolls back (SQLite's commit and rollback hooks on the native connection). Before, the writers met at
/// the database's lock and SQLite's busy handler slept between tries (1, 2, 5, 10, … 100 ms): with 64 rapporteurs'
/// autosaves at once, the lock stood free while they slept, and a save waited up to a second. Deferred (read-only)
/// transactions (<c>BeginTransaction(deferred: true)</c>) take no turn, and statements outside a transaction still meet
/// at the lock with busy_timeout as before. PostgreSQL needs none of this: its row locks queue the writers.
/// </summary>
public sealed class WriteTurns
{
    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>A native connection's hooks, registered once when the pool opens it.</summary>
    internal Native Register(SQLitePCL.sqlite3 handle)
    {
        var native = new Native(turn);
        SQLitePCL.raw.sqlite3_commit_hook(handle, static state =>
        {
            ((Native)state).Release();
            return 0;
        }, native);
        SQLitePCL.raw.sqlite3_rollback_hook(handle, static state => ((Native)state).Release(), native);
        return native;
    }

    /// <summary>Whether the native connection holds the turn.</summary>
    internal sealed class Native(SemaphoreSlim turn)
    {
        private int holding;

        public Task TakeAsync(CancellationToken ct) => turn.WaitAsync(ct);

        public void Take() => turn.Wait();

        public void Held() => Volatile.Write(ref holding, 1);

        public void GiveBack() => turn.Release();

        /// <summary>At a commit or rollback (and for safety when the connection closes): gives the turn back if this connection has it.</summary>
        public void Release()
        {
            if (Interlocked.Exchange(ref holding, 0) == 1)
            {
                turn.Release();
            }
        }
    }

    /// <summary>The app's SQLite connection: a write transaction waits for its turn first.</summary>
    internal sealed class Connection(string connectionString) : SqliteConnection(connectionString)
    {
        private bool takenAhead;

        internal Native? Native { get; set; }

        protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
        {
            var deferred = isolationLevel == IsolationLevel.ReadUncommitted;
            if (Native is null || deferred)
            {
                return BeginTransaction(isolationLevel);
            }
            await Native.TakeAsync(cancellationToken);
            takenAhead = true;
            try
            {
                return BeginTransaction(isolationLevel);
            }
            finally
            {
                takenAhead = false;
            }
        }

        public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
        {
            if (Native is null || deferred)
            {
                return base.BeginTransaction(isolationLevel, deferred);
            }
            if (!takenAhead)
            {
                Native.Take();
            }
            try
            {
                var tx = base.BeginTransaction(isolationLevel, deferred);
                Native.Held();
                return tx;
            }
            catch
            {
                Native.GiveBack();
                throw;
            }
        }

        /// <summary>Closing with a transaction open rolls it back; the turn is given back first, as the native connection may go to another user of the pool.</summary>
        public override void Close()
        {
            Native?.Release();
            base.Close();
        }
    }
}
