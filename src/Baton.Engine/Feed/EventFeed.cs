using System.Runtime.CompilerServices;
using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Engine.Feed;

/// <summary>
/// The one reader of the event feed: replays every event after a position, then (when following) delivers new ones as
/// they are stored — from any process on the same store — in position order, each once. Across processes it polls the
/// store (a cheap indexed read); the store's contract that positions become visible in order means no event is skipped.
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

    public async IAsyncEnumerable<RunEvent> ReadAsync(FeedQuery query, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = query.After;
        long? caughtUp = null;
        var lastEvent = time.GetTimestamp();
        while (true)
        {
            // Taken before the read: a commit after it changes the stamp, so an unchanged stamp means nothing new.
            var stamp = follow ? await store.ChangeStampAsync(ct) : 0;
            if (caughtUp == stamp)
            {
                await Task.Delay(time.GetElapsedTime(lastEvent) > IdleAfter ? IdlePollInterval : PollInterval, time, ct);
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
            await Task.Delay(time.GetElapsedTime(lastEvent) > IdleAfter ? IdlePollInterval : PollInterval, time, ct);
        }
    }
}
