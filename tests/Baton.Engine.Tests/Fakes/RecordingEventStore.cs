using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Engine.Tests.Fakes;

/// <summary>An in-memory event store that keeps every batch it was given; it can be told to hold appends until released.</summary>
public sealed class RecordingEventStore(EventWriteLog? log = null) : IEventStore
{
    public const string SinkName = "store";

    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<RunEvent>> _batches = [];
    private TaskCompletionSource? _hold;
    private int _appendsStarted;
    private long _position;

    /// <summary>Appends that have begun (including one held right now).</summary>
    public int AppendsStarted => Volatile.Read(ref _appendsStarted);

    public IReadOnlyList<IReadOnlyList<RunEvent>> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<RunEvent> Events => [.. Batches.SelectMany(b => b)];

    /// <summary>Makes every following append wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldAppends()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    /// <summary>The owner's fenced append: this fake has no runs to fence against, so it stores like any append.</summary>
    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, CancellationToken ct) => AppendEventsAsync(events, ct);

    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, Core.Model.StageRecord stage, CancellationToken ct) => AppendEventsAsync(events, ct);

    public async Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        Interlocked.Increment(ref _appendsStarted);
        if (Volatile.Read(ref _hold) is { } hold)
        {
            await hold.Task;
        }

        IReadOnlyList<RunEvent> stored;
        lock (_gate)
        {
            stored = [.. events.Select(e => e with { Position = ++_position })];
            _batches.Add(stored);
        }

        log?.Add(SinkName, stored);
        return stored;
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RunEvent>>([.. Events.Where(e => e.RunId == runId && e.Seq > afterSeq).OrderBy(e => e.Seq).Take(limit)]);

    public Task<long> LastSeqAsync(string runId, CancellationToken ct) =>
        Task.FromResult(Events.Where(e => e.RunId == runId).Select(e => e.Seq).DefaultIfEmpty(0).Max());
    public Task<int> PruneRunEventsAsync(DateTimeOffset finishedBefore, CancellationToken ct) =>
        throw new NotSupportedException("the recording store knows no runs");


    public Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RunEvent>>([.. Events.Where(query.Matches).Take(limit)]);

    public Task<long> ChangeStampAsync(CancellationToken ct) => Task.FromResult(Volatile.Read(ref _position));

    public Task? ChangeSignal() => null;

    public Task<long> LastPositionAsync(CancellationToken ct) =>
        Task.FromResult(Events.Select(e => e.Position).DefaultIfEmpty(0).Max());
}
