using System.Runtime.CompilerServices;
using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Engine.Feed;

/// <summary>
/// The one reader of the event feed: replays every event after a position, then (when following) delivers new ones as
/// they are stored — from any process on the same store — in position order, each once. Across processes it waits for
/// the store's change signal where there is one (PostgreSQL's LISTEN/NOTIFY, with a slow poll behind it) and polls the
/// store's change stamp where there is not (a cheap read); the store's contract that positions become visible in order
/// means no event is skipped.
/// A consumer that remembers the last position it handled resumes with nothing missed or doubled.
/// </summary>
public sealed class EventFeed(IEventStore store, TimeProvider time) : IEventFeed
{
    private const int Page = 1000;

    /// <summary>
    /// How long a follower waits between looks when nothing was new (the bulk of the delivery latency). A look is a
    /// change stamp (no page read) unless something was committed since the last read.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>After this long without an event a follower looks less often (<see cref="IdlePollInterval"/>).</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait between looks on a quiet store: the first event after a lull still arrives well within 100 ms.</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>With a change signal, the look taken anyway when none came (a notification lost with its connection).</summary>
    public TimeSpan SignalledPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async IAsyncEnumerable<RunEvent> ReadAsync(FeedQuery query, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = query.After;
        long? caughtUp = null;
        var lastEvent = time.GetTimestamp();
        while (true)
        {
            // Both taken before the read: a commit after it changes the stamp and completes the signal, so an unchanged
            // stamp means nothing new, and the signal wakes the follower at the first commit after it.
            var signal = follow ? store.ChangeSignal() : null;
            var stamp = follow ? await store.ChangeStampAsync(ct) : 0;
            if (caughtUp == stamp)
            {
                await WaitAsync(signal, lastEvent, ct);
                continue;
            }

            var batch = await store.ReadFeedAsync(query with { After = after }, Page, ct);
            foreach (var e in batch)
            {
                after = e.Position;
                yield return e;
            }

            if (batch.Count > 0)
            {
                lastEvent = time.GetTimestamp();
            }

            if (batch.Count == Page)
            {
                caughtUp = null;
                continue;
            }

            if (!follow)
            {
                yield break;
            }

            caughtUp = stamp;
            await WaitAsync(signal, lastEvent, ct);
        }
    }

    private async Task WaitAsync(Task? signal, long lastEvent, CancellationToken ct)
    {
        if (signal is null)
        {
            await Task.Delay(time.GetElapsedTime(lastEvent) > IdleAfter ? IdlePollInterval : PollInterval, time, ct);
            return;
        }

        try
        {
            await signal.WaitAsync(SignalledPollInterval, time, ct);
        }
        catch (TimeoutException)
        {
            // No commit signalled for a while: look anyway (a notification may have been lost with its connection).
        }
    }
}
