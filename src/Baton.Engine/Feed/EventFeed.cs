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
public sealed class EventFeed(IEventStore store, TimeProvider time)
{
    private const int Page = 1000;

    /// <summary>How long a follower waits between reads when nothing was new (the bulk of the delivery latency).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    public async IAsyncEnumerable<RunEvent> ReadAsync(FeedQuery query, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = query.After;
        while (true)
        {
            var batch = await store.ReadFeedAsync(query with { After = after }, Page, ct);
            foreach (var e in batch)
            {
                after = e.Position;
                yield return e;
            }

            if (batch.Count == Page)
            {
                continue;
            }

            if (!follow)
            {
                yield break;
            }

            await Task.Delay(PollInterval, time, ct);
        }
    }
}
