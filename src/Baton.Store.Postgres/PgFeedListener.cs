using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baton.Store.Postgres;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY for the feed: every transaction that appends events sends <c>NOTIFY baton_feed</c>
/// (delivered when, and only if, it commits), and one connection per process listens. A follower takes
/// <see cref="Signal"/> before it reads the feed's stamp and waits on it, so it wakes at the first commit after its read
/// instead of polling. While the listening connection is not up (starting, the server restarting) there is no signal
/// and followers poll; each time it comes up every waiter is woken once, so nothing sent meanwhile is waited out.
/// </summary>
internal sealed partial class PgFeedListener(NpgsqlDataSource source, string channel, ILogger log) : IAsyncDisposable
{
    /// <summary>The channel, a quoted identifier: one per schema, since notifications are per database.</summary>
    public string Channel => channel;

    /// <summary>The channel of the store in the first schema of <paramref name="searchPath"/> (<c>public</c> when none).</summary>
    public static string ChannelFor(string? searchPath)
    {
        var schema = searchPath?.Split(',')[0].Trim().Trim('"') is { Length: > 0 } first ? first : "public";
        var name = $"baton_feed_{schema}";
        return $"\"{(name.Length > 63 ? name[..63] : name).Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _next = NewSignal();
    private volatile bool _listening;
    private Task? _loop;

    /// <summary>Completes at the next commit that appended events, from any node; null while not listening (poll).</summary>
    public Task? Signal()
    {
        if (_loop is null)
        {
            lock (_stop)
            {
                _loop ??= Task.Run(() => ListenAsync(_stop.Token));
            }
        }

        return _listening ? Volatile.Read(ref _next).Task : null;
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Fire();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                backoff = TimeSpan.FromMilliseconds(250);
                Fire(); // whatever committed before LISTEN took effect is read once by every waiter
                // Only now: a signal handed out while listening waits for a commit, never for the wake-up above.
                _listening = true;
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _listening = false;
                Fire(); // waiters go back to polling
                ListenerLost(log, backoff.TotalMilliseconds, ex);
                try
                {
                    await Task.Delay(backoff, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private void Fire() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop;
        }

        _stop.Dispose();
        Fire();
    }

    [LoggerMessage(3101, LogLevel.Warning, "the feed's LISTEN connection to PostgreSQL failed; followers poll until it is back (next try in {BackoffMs} ms)")]
    private static partial void ListenerLost(ILogger logger, double backoffMs, Exception exception);
}
