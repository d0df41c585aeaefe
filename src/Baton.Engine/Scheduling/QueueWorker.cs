using System.Collections.Concurrent;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Execution;
using Baton.Engine.Recovery;

namespace Baton.Engine.Scheduling;

/// <summary>
/// Works the task queue with at most <c>max_concurrent_runs</c> runs at once: claims ready tasks (priority, then age;
/// dependencies succeeded; back-off elapsed), resumes runs whose owner died and parked runs a person answered, and fails
/// tasks whose dependencies cannot succeed.
/// </summary>
public sealed class QueueWorker(EngineServices services, IRunObserver? observer = null)
{
    private readonly RunStarter _starter = new(services);
    private readonly RunRecovery _recovery = new(services);
    private readonly WorkspaceJanitor _janitor = new(services);
    private readonly Tasks.TaskLedger _tasks = new(services);
    private readonly Microsoft.Extensions.Logging.ILogger _log = services.Logs.CreateLogger(Logging.EngineLog.Category);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How often finished workspaces are looked at for cleanup while the queue runs.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Something was queued (from chat, say): look now instead of at the next poll.</summary>
    public void Wake() => _wake.TrySetResult();

    public async Task<QueueSummary> RunAsync(QueueMode mode, CancellationToken shutdown)
    {
        var outcomes = new ConcurrentQueue<RunOutcome>();
        var running = new List<Task>();
        var limit = Math.Max(1, services.Config.MaxConcurrentRuns);
        string? stopReason = null;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var watcher = mode == QueueMode.Forever
            ? Task.WhenAll(
                WatchAsync("task.", e => e.Data is Core.Events.Data.TaskQueuedData or Core.Events.Data.TaskStateData { State: TaskState.Queued or TaskState.Waiting }, watching.Token),
                WatchAsync("approval.answered", _ => true, watching.Token))
            : Task.CompletedTask;
        while (!shutdown.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            try
            {
                await _recovery.RecoverAsync(CancellationToken.None);
                await SweepIfDueAsync();
                await _tasks.FailBlockedAsync(CancellationToken.None);
                while (running.Count < limit && await NextWorkAsync(shutdown) is { } work)
                {
                    running.Add(Track(work, outcomes));
                }
            }
            catch (Core.Store.StoreException ex) when (ex.IsTransient)
            {
                // The store is down or this node was cut off from it (stopped past its timeouts, say): the runs in
                // flight ride it out on their own; the queue looks again after a pause instead of ending the node.
                await PauseAfterStoreFailureAsync(ex, shutdown);
                continue;
            }

            if (running.Count == 0)
            {
                if (mode == QueueMode.Once)
                {
                    break;
                }

                if (mode == QueueMode.Drain && await IdleReasonAsync() is { } reason)
                {
                    stopReason = reason.Length == 0 ? null : reason;
                    break;
                }
            }

            var delay = running.Count > 0 || mode == QueueMode.Forever ? PollInterval : await UntilNextDueAsync();
            try
            {
                // Wake as soon as any run has really completed (not merely signalled), or after the poll interval.
                await Task.WhenAny([.. running, _wake.Task, Task.Delay(delay, shutdown)]);
                shutdown.ThrowIfCancellationRequested();
                if (_wake.Task.IsCompleted)
                {
                    _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await watching.CancelAsync();
        await watcher;
        await Task.WhenAll(running);
        return new QueueSummary(outcomes.ToList(), shutdown.IsCancellationRequested, stopReason);
    }

    /// <summary>
    /// Wakes the loop as soon as the feed shows work for it from any process: a task queued (or put back on the queue) —
    /// a `baton tasks add` in another terminal starts within a feed poll instead of at the next queue poll — or a
    /// parked run's question answered, so an approved run goes on at once.
    /// </summary>
    private async Task WatchAsync(string typePrefix, Func<Core.Events.RunEvent, bool> wakes, CancellationToken ct)
    {
        long? from = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var feed = new Feed.EventFeed(services.Store, services.Time);
                from ??= await services.Store.LastPositionAsync(ct);
                await foreach (var e in feed.ReadAsync(new Core.Events.FeedQuery(from.Value, TypePrefix: typePrefix), follow: true, ct))
                {
                    from = e.Position;
                    if (wakes(e))
                    {
                        Wake();
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The queue stopped; so does the watch.
            }
            catch (Core.Store.StoreException ex) when (ex.IsTransient)
            {
                // The store is down: the queue's own polling goes on meanwhile; the watch picks up where it was.
                Wake();
                await PauseAfterStoreFailureAsync(ex, ct);
            }
        }
    }

    /// <summary>Logs a store failure the queue rides out, then waits a second (less when stopping).</summary>
    private async Task PauseAfterStoreFailureAsync(Core.Store.StoreException ex, CancellationToken ct)
    {
        Logging.EngineLog.QueueStoreFailed(_log, ex);
        await Task.Delay(TimeSpan.FromSeconds(1), services.Time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SweepIfDueAsync()
    {
        var now = services.Time.GetUtcNow();
        if (now - _lastSweep >= SweepInterval)
        {
            _lastSweep = now;
            await _janitor.SweepAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs one piece of work on the pool; an exception it could not turn into an outcome is logged, never lost with the task.</summary>
    private Task Track(Func<Task<RunOutcome>> work, ConcurrentQueue<RunOutcome> outcomes) => Task.Run(async () =>
    {
        try
        {
            outcomes.Enqueue(await work());
        }
        catch (Exception ex)
        {
            Logging.EngineLog.RunWorkFailed(_log, ex);
        }
    });

    /// <summary>The next piece of work: an interrupted run to resume, else a ready task to start.</summary>
    private async Task<Func<Task<RunOutcome>>?> NextWorkAsync(CancellationToken shutdown)
    {
        HashSet<string>? waiting = null;
        foreach (var run in await services.Store.ListUnfinishedRunsAsync(CancellationToken.None))
        {
            if (run.Owner is not null || run.State is not (RunState.Interrupted or RunState.NeedsInput))
            {
                continue;
            }

            // A parked run goes on once a person answered every question it asked.
            if (run.State == RunState.NeedsInput)
            {
                waiting ??= (await services.Store.ListPendingApprovalsAsync(CancellationToken.None)).Select(a => a.RunId).ToHashSet(StringComparer.Ordinal);
                if (waiting.Contains(run.Id))
                {
                    continue;
                }
            }

            if (await services.Store.TryTakeOwnershipAsync(run.Id, null, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), CancellationToken.None) is not null)
            {
                return () => _starter.ContinueAsync(run.Id, observer, shutdown);
            }
        }

        if (await QueuePause.IsPausedAsync(services.Store, CancellationToken.None))
        {
            return null;
        }

        var task = await _tasks.ClaimNextAsync(CancellationToken.None);
        if (task is null)
        {
            return null;
        }

        // The run record is made at once, in claim order, so a claimed task is never without its run for long.
        var created = await _starter.CreateRunAsync(task, CancellationToken.None);
        return () => _starter.ContinueAsync(created.Id, observer, shutdown);
    }

    /// <summary>Null while work remains (or may become ready); "" when the queue is empty; a reason when what is left can never start here.</summary>
    private async Task<string?> IdleReasonAsync()
    {
        var open = await services.Store.ListTasksAsync(new TaskQuery([TaskState.Queued, TaskState.Waiting]), CancellationToken.None);
        if (open.Count == 0)
        {
            return "";
        }

        var now = services.Time.GetUtcNow();
        if (open.Any(t => t.NotBefore is { } due && due > now))
        {
            return null;
        }

        return $"{open.Count} task(s) wait on dependencies that are not finished ({string.Join(", ", open.Select(t => t.Id).Take(5))})";
    }

    private async Task<TimeSpan> UntilNextDueAsync()
    {
        var open = await services.Store.ListTasksAsync(new TaskQuery([TaskState.Waiting]), CancellationToken.None);
        var now = services.Time.GetUtcNow();
        var next = open.Where(t => t.NotBefore > now).Select(t => t.NotBefore!.Value - now).DefaultIfEmpty(PollInterval).Min();
        return next < PollInterval ? next + TimeSpan.FromMilliseconds(20) : PollInterval;
    }
}
