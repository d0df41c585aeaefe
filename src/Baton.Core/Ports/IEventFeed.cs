using Baton.Core.Events;

namespace Baton.Core.Ports;

/// <summary>
/// The event feed as surfaces read it: every event after a position in position order, each once, then (when
/// following) new ones as they are stored — from any process on the same store.
/// </summary>
public interface IEventFeed
{
    IAsyncEnumerable<RunEvent> ReadAsync(FeedQuery query, bool follow, CancellationToken ct);
}
