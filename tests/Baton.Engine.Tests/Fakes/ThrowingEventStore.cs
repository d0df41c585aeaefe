using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Engine.Tests.Fakes;

/// <summary>An event store whose every append fails, as a full disk or a locked database would.</summary>
public sealed class ThrowingEventStore : IEventStore
{
    private int _attempts;

    public IOException Failure { get; } = new("disk full");

    public int Attempts => Volatile.Read(ref _attempts);

    public Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        Interlocked.Increment(ref _attempts);
        return Task.FromException(Failure);
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RunEvent>>([]);

    public Task<long> LastSeqAsync(string runId, CancellationToken ct) => Task.FromResult(0L);

    Task<IReadOnlyList<RunEvent>> IEventStore.AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        throw new NotImplementedException();
    }

    public Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct)
    {
        throw new NotImplementedException();
    }

    public Task<long> LastPositionAsync(CancellationToken ct)
    {
        throw new NotImplementedException();
    }
}
