using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Engine.Tests.Fakes;

/// <summary>An event store whose every append fails, as a full disk or a locked database would.</summary>
public sealed class ThrowingEventStore : IEventStore
{
    private int _attempts;

    public IOException Failure { get; } = new("disk full");

    public int Attempts => Volatile.Read(ref _attempts);

    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, CancellationToken ct) => AppendEventsAsync(events, ct);

    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, Core.Model.StageRecord stage, CancellationToken ct) => AppendEventsAsync(events, ct);

    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        Interlocked.Increment(ref _attempts);
        return Task.FromException<IReadOnlyList<RunEvent>>(Failure);
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RunEvent>>([]);

    public Task<long> LastSeqAsync(string runId, CancellationToken ct) => Task.FromResult(0L);
    public Task<int> PruneRunEventsAsync(DateTimeOffset finishedBefore, CancellationToken ct) => Task.FromException<int>(Failure);


    public Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RunEvent>>([]);

    public Task<long> ChangeStampAsync(CancellationToken ct) => Task.FromResult(0L);

    public Task? ChangeSignal() => null;

    public Task<long> LastPositionAsync(CancellationToken ct) => Task.FromResult(0L);
}
