using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Engine.Journal;

/// <summary>
/// The single writer of one run's events. It numbers them gap-free, hands them to in-process listeners at once (in seq
/// order: they are called under the journal's lock), and writes them in batches to the store (source of truth, which
/// gives each its feed position) and then to <c>events.ndjson</c>. Hot paths (agent output) only append to memory and
/// are written within <see cref="FlushInterval"/>; state transitions call <see cref="FlushAsync"/> so their order on
/// disk is their real order.
/// </summary>
public sealed class RunJournal : IAsyncDisposable
{
    private const int BatchSize = 2000;
    // Short, so a reader of the feed in another process sees agent output within ~50 ms (benchmark (h)).
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(20);

    private readonly IEventStore _store;
    private readonly IRunFiles _files;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _flusher;
    private List<RunEvent> _pending = new(64);
    private long _seq;
    private Exception? _failure;
    private bool _discarded;
    private bool _finished;

    public RunJournal(string taskId, string runId, long lastSeq, IEventStore store, IRunFiles files, TimeProvider time, ILogger? log = null)
    {
        _log = log ?? NullLogger.Instance;
        TaskId = taskId;
        RunId = runId;
        _seq = lastSeq;
        _store = store;
        _files = files;
        _time = time;
        _flusher = Task.Run(FlushLoopAsync);
    }

    /// <summary>Opens the journal of a run, numbering on from the last event the store holds.</summary>
    public static async Task<RunJournal> OpenAsync(string taskId, string runId, IEventStore store, IRunFiles files, TimeProvider time, CancellationToken ct, ILogger? log = null) =>
        new(taskId, runId, await store.LastSeqAsync(runId, ct), store, files, time, log);

    public string TaskId { get; }

    /// <summary>
    /// Set by the run's owner: its epoch, so its events are stored only while it still holds the run. Once another process
    /// took the run, the journal writes nothing more (the failure is kept and rethrown like any other).
    /// </summary>
    public long? Fence { get; set; }

    public string RunId { get; }

    /// <summary>
    /// Called synchronously for each event as it is emitted, in seq order (under the journal's lock, so listeners must be
    /// quick and must not emit). Views in other processes read the feed instead.
    /// </summary>
    public event Action<RunEvent>? Emitted;

    public long LastSeq
    {
        get
        {
            lock (_gate)
            {
                return _seq;
            }
        }
    }

    public RunEvent Emit(string? stage, EventData data) => TryEmit(stage, data, duringRunOnly: false)!;

    /// <summary>
    /// Emits a sign of life (a heartbeat) only while the run has not ended: once <c>run.finished</c> is emitted nothing
    /// of the kind follows it. Null when the run had ended.
    /// </summary>
    public RunEvent? EmitWhileRunning(string? stage, EventData data) => TryEmit(stage, data, duringRunOnly: true);

    private RunEvent? TryEmit(string? stage, EventData data, bool duringRunOnly)
    {
        RunEvent evt;
        bool full;
        lock (_gate)
        {
            if (duringRunOnly && _finished)
            {
                return null;
            }

            _finished |= data.Type == EventType.RunFinished;
            evt = new RunEvent
            {
                Seq = ++_seq,
                Ts = Millis.Truncate(_time.GetUtcNow()),
                TaskId = TaskId,
                RunId = RunId,
                Stage = stage,
                Data = data,
            };
            _pending.Add(evt);
            full = _pending.Count >= BatchSize;
            Emitted?.Invoke(evt);
        }

        if (full)
        {
            _wake.Release();
        }

        return evt;
    }

    /// <summary>
    /// Drops what is not written yet and writes nothing from now on: the run's owner lost it to another process, whose
    /// journal numbers on from what the store holds.
    /// </summary>
    public void Discard()
    {
        lock (_gate)
        {
            _discarded = true;
            _pending.Clear();
        }
    }

    /// <summary>Writes everything emitted so far to the store and the file mirror, in batches of at most
    /// <see cref="BatchSize"/>; rethrows an earlier write failure.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await FlushLockedAsync(null);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Emits <paramref name="data"/> and writes it, with everything emitted before it, in the same store transaction as
    /// <paramref name="record"/> (the stage row it describes): a kill can never leave one without the other. Owners only.
    /// </summary>
    public async Task EmitWithStageAsync(string? stage, EventData data, Core.Model.StageRecord record)
    {
        if (Fence is null)
        {
            throw new InvalidOperationException("a stage row is written only by the run's owner (set Fence)");
        }

        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            // Under the write lock, so the background flush cannot take the event away from its stage row.
            var evt = Emit(stage, data);
            await FlushLockedAsync(record, evt.Seq);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <param name="alongside">A stage row written in the transaction of the batch holding event <paramref name="withSeq"/>.</param>
    private async Task FlushLockedAsync(Core.Model.StageRecord? alongside, long withSeq = 0)
    {
        while (true)
        {
            if (_failure is not null && !_discarded)
            {
                throw new IOException($"events of run {RunId} could not be written: {_failure.Message}", _failure);
            }

            List<RunEvent> batch;
            lock (_gate)
            {
                if (_discarded)
                {
                    _pending.Clear();
                    return;
                }

                if (_pending.Count == 0)
                {
                    return;
                }

                var take = Math.Min(_pending.Count, BatchSize);
                batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
            }

            try
            {
                // The store first: it is the source of truth; the file mirror follows it.
                var stage = alongside is not null && batch[0].Seq <= withSeq && withSeq <= batch[^1].Seq ? alongside : null;
                var stored = Fence is { } fence
                    ? (stage is not null
                        ? await _store.AppendEventsAsync(batch, fence, stage, CancellationToken.None)
                        : await _store.AppendEventsAsync(batch, fence, CancellationToken.None))
                    : await _store.AppendEventsAsync(batch, CancellationToken.None);
                await _files.AppendEventsAsync(stored, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failure = ex;
                throw;
            }
        }
    }

    private async Task FlushLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(FlushInterval, _stopping.Token);
                await FlushAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                // Kept in _failure and rethrown to the run on its next explicit flush.
                EngineLog.JournalFailed(_log, RunId, ex);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _flusher;
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        finally
        {
            _stopping.Dispose();
            _writeLock.Dispose();
            _wake.Dispose();
        }
    }
}
