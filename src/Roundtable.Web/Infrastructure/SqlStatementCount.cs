using System.Diagnostics;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Counts the SQL statements a request runs, for the N+1 tests and the page benchmark; off unless
/// <c>Database:CountStatements</c> is true. The count is kept per request in an <see cref="AsyncLocal{T}"/> and
/// incremented by the databases themselves, so no query in the code has to take part: on SQLite by a trace callback on
/// each native connection (<c>sqlite3_trace</c>: every statement stepped, the pragmas and BEGIN/COMMIT included), on
/// PostgreSQL by a listener on Npgsql's activity source (every command sent). The total is answered in the response
/// header <see cref="Header"/>. The two databases count their transactions differently, so compare counts within one.
/// </summary>
public static class SqlStatementCount
{
    public const string Header = "X-Sql-Statements";

    private static readonly AsyncLocal<Counter?> Current = new();

    private static ActivityListener? npgsqlListener;

    public sealed class Counter
    {
        private readonly List<string> statements = [];

        public int Count
        {
            get
            {
                lock (statements)
                {
                    return statements.Count;
                }
            }
        }

        /// <summary>The statements' text, in the order they ran (to show what a count is made of).</summary>
        public IReadOnlyList<string> Statements
        {
            get
            {
                lock (statements)
                {
                    return [.. statements];
                }
            }
        }

        internal void Add(string sql)
        {
            lock (statements)
            {
                statements.Add(sql);
            }
        }
    }

    /// <summary>Starts counting for the work that flows from here (a request, a test's block); returns the counter.</summary>
    public static Counter Begin()
    {
        var counter = new Counter();
        Current.Value = counter;
        return counter;
    }

    /// <summary>One statement ran for whatever is being counted here, if anything is.</summary>
    public static void Add(string sql) => Current.Value?.Add(sql);

    /// <summary>Listens to Npgsql's commands (once per process; harmless when nothing is counted).</summary>
    internal static void ListenToNpgsql()
    {
        if (npgsqlListener is not null)
        {
            return;
        }
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = activity =>
            {
                // Commands only: Npgsql also traces opening physical connections.
                if (activity.Kind == ActivityKind.Client && activity.OperationName != "CONNECT")
                {
                    Add(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
                }
            },
        };
        if (Interlocked.CompareExchange(ref npgsqlListener, listener, null) is null)
        {
            ActivitySource.AddActivityListener(listener);
        }
    }

    /// <summary>
    /// Registers the counting middleware at the front of the pipeline when <c>Database:CountStatements</c> is on: it
    /// starts a counter per request and answers the count in <see cref="Header"/>.
    /// </summary>
    public static IServiceCollection AddSqlStatementCount(this IServiceCollection services, DatabaseSettings settings)
    {
        if (settings.CountStatements)
        {
            services.AddSingleton<IStartupFilter, StartupFilter>();
            services.AddSingleton<SqlStatementLog>();
        }
        return services;
    }

    private sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var log = app.ApplicationServices.GetRequiredService<SqlStatementLog>();
            app.Use(async (context, nextMiddleware) =>
            {
                var counter = Begin();
                // The statements are run before the response starts (views render from a model already read), so the
                // count is complete by then; a streamed download's later statements would not be in it.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[Header] = counter.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
                await nextMiddleware(context);
                log.Add(context.Request.Method + " " + context.Request.Path + context.Request.QueryString, counter.Statements);
            });
            next(app);
        };
    }
}

/// <summary>The statements of the last requests (with <c>Database:CountStatements</c> on): what a count is made of, for a test's message.</summary>
public sealed class SqlStatementLog
{
    private readonly LinkedList<(string Request, IReadOnlyList<string> Statements)> last = new();

    public void Add(string request, IReadOnlyList<string> statements)
    {
        lock (last)
        {
            last.AddLast((request, statements));
            if (last.Count > 100)
            {
                last.RemoveFirst();
            }
        }
    }

    /// <summary>The statements of the last request to <paramref name="request"/> ("GET /path?query"); null if none is kept.</summary>
    public IReadOnlyList<string>? Last(string request)
    {
        lock (last)
        {
            return last.LastOrDefault(r => r.Request == request).Statements;
        }
    }
}
