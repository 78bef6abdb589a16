using System.Runtime.InteropServices;

namespace Roundtable.Web.Infrastructure.Mail;

/// <summary>
/// The threads that deliver mail: each SMTP connection's worker, and the bookkeeping it hands off. They run below the
/// app's other threads (<see cref="MailSettings.DeliveryNice"/>): a mail-out keeps the cores busy for minutes, and at a
/// lower priority the scheduler serves web requests first, and a relay on the same host (postfix beside the app,
/// smtp-sink in the benchmark), which every message waits on three times.
/// </summary>
/// <remarks>
/// On Linux a thread's nice value is its own, and a new thread starts with its creator's. The thread pool starts its
/// threads from whichever thread queues work, and a task's continuations may run on the thread that completes it. So
/// these threads run delivery and nothing else: their tasks are waited on, never awaited, and only by a thread at
/// normal priority or another delivery thread; they queue nothing to the pool. Other systems keep the priority as it
/// is (on macOS, setpriority would lower the whole process).
/// </remarks>
public static class DeliveryThreads
{
    /// <summary>The threads' name, as <c>top -H</c> and /proc/&lt;pid&gt;/task/&lt;tid&gt;/comm show it.</summary>
    public const string Name = "mail delivery";

    [ThreadStatic]
    private static bool isDeliveryThread;

    /// <summary>Runs <paramref name="work"/> on a new delivery thread, <paramref name="nice"/> below the app's threads.</summary>
    public static Task<T> Start<T>(Func<T> work, int nice)
    {
        var done = new TaskCompletionSource<T>();
        // A delivery thread's own threads start at its priority already; lowering them again would add up.
        var lowered = isDeliveryThread;
        var thread = new Thread(() =>
        {
            isDeliveryThread = true;
            if (!lowered)
            {
                Lower(nice);
            }
            try
            {
                done.SetResult(work());
            }
            catch (OperationCanceledException e)
            {
                done.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = Name,
        };
        thread.Start();
        return done.Task;
    }

    /// <inheritdoc cref="Start{T}"/>
    public static Task Start(Action work, int nice) => Start(() =>
    {
        work();
        return true;
    }, nice);

    private static void Lower(int nice)
    {
        if (nice > 0 && OperatingSystem.IsLinux())
        {
            // glibc's nice(3) adds to the calling thread's nice value, up to 19. Should it fail, the thread keeps the
            // app's priority and delivers all the same.
            _ = Nice(nice);
        }
    }

    [DllImport("libc", EntryPoint = "nice", SetLastError = true)]
    private static extern int Nice(int increment);
}
