using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Processes;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Engine.Journal;
using Baton.Engine.Supervision;

namespace Baton.Engine.Recovery;

/// <summary>
/// Runs whose owner process is gone are never left looking alive: they become <c>interrupted</c> (resumable), and any
/// process group they had started is killed. Cheap enough to run at the start of every command.
/// </summary>
public sealed class RunRecovery(EngineServices services)
{
    /// <summary>How long a claimed task may go without a run before its claim counts as lost.</summary>
    public static readonly TimeSpan OrphanAfter = TimeSpan.FromSeconds(60);

    /// <summary>How long after its run ended a task whose run's owner still lives (or is unknown) waits for that owner to move it.</summary>
    public static readonly TimeSpan FinisherGrace = TimeSpan.FromSeconds(10);

    private readonly Tasks.TaskLedger _tasks = new(services);
    private readonly Microsoft.Extensions.Logging.ILogger _log = services.Logs.CreateLogger(Logging.EngineLog.Category);

    public async Task<IReadOnlyList<RunRecord>> RecoverAsync(CancellationToken ct)
    {
        if (services.Clock is { } clock)
        {
            await clock.SyncIfDueAsync(services.Store, ct);
        }

        var recovered = new List<RunRecord>();
        var me = services.ProcessControl.CurrentOwner;
        var unfinished = await services.Store.ListUnfinishedRunsAsync(ct);
        foreach (var run in unfinished)
        {
            var expired = LeaseExpired(run);
            if (!expired && run.Owner is { } owner && (owner.Host != me.Host || services.ProcessControl.IsAlive(owner)))
            {
                continue;
            }

            if (run.Owner is null || run.Owner.Host == me.Host)
            {
                // Process groups are this host's to end; another host's would be someone else's processes here.
                await new ProcessSupervisor(services).EndLeftoversAsync(run.Id, ct);
            }

            if (run.State is RunState.Interrupted or RunState.NeedsInput)
            {
                // Already resumable, or parked until a person answers: nothing was running. A process that died while it
                // held one (answering its question, say) lets go of it here.
                if (run.Owner is not null && await services.Store.TryTakeOwnershipAsync(run.Id, run.Owner, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct) is { } held)
                {
                    await services.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = held, ReleaseOwner = true }, ct);
                }

                continue;
            }

            // On a shared store a run taken from its node (gone, or its lease run out) is lost to that node: any node
            // resumes it at once, from its last finished stage.
            var lost = services.Lease is not null && run.Owner is not null;
            var message = lost
                ? (expired
                    ? $"node {RunExecutor.NodeName(run.Owner!)} stopped renewing its lease (last heartbeat {run.HeartbeatAt:HH:mm:ss}, lease {services.Lease!.Value.TotalSeconds:0.#} s)"
                    : $"node {RunExecutor.NodeName(run.Owner!)} is gone (its process ended)")
                    + $"; node {RunExecutor.NodeName(me)} took the run over and it resumes from its last finished stage"
                : run.Owner is { } gone
                ? $"owner process {gone.Pid} on {gone.Host} is gone; `baton resume {run.Id}` continues the run"
                : $"run had no owner; `baton resume {run.Id}` continues it";
            if (await services.Store.TryTakeOwnershipAsync(run.Id, run.Owner, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct) is not { } epoch)
            {
                continue;
            }

            var interrupted = await services.Store.TransitionRunAsync(new RunChange
            {
                RunId = run.Id,
                Epoch = epoch,
                To = RunState.Interrupted,
                Reason = lost ? RunReason.Lost : RunReason.Interrupted,
                Message = message,
                ReleaseOwner = true,
            }, ct);
            if (lost)
            {
                Logging.EngineLog.LeaseTakenOver(_log, run.Id, RunExecutor.NodeName(run.Owner!), run.HeartbeatAt);
            }

            await MarkStagesAsync(run.Id, ct);
            await using (var files = services.Files.Open(run.TaskId, run.Id))
            await using (var journal = await RunJournal.OpenAsync(run.TaskId, run.Id, services.Store, files, services.Time, ct))
            {
                await CloseCommandQuestionsAsync(run.Id, journal, ct);
                if (lost)
                {
                    journal.Emit(null, new LeaseLostData { Node = RunExecutor.NodeName(run.Owner!), LastHeartbeat = run.HeartbeatAt, By = RunExecutor.NodeName(me) });
                }

                journal.Emit(null, RunStateData.Of(RunState.Interrupted, message: message) with { Previous = run.State.WireName() });
            }

            await _tasks.MoveAsync(new TaskChange
            {
                TaskId = run.TaskId,
                To = TaskState.Paused,
                Expected = [TaskState.Running, TaskState.Gating],
                Reason = message,
                At = services.Time.GetUtcNow(),
            }, ct);

            recovered.Add(interrupted);
        }

        await RequeueOrphanedTasksAsync(unfinished, ct);
        return recovered;
    }

    /// <summary>
    /// On a shared store: a run held by a node (any host, this one included — a stopped process is alive but holds
    /// nothing) that has not renewed its heartbeat for a whole lease is lost to that node, and any node may take it over.
    /// </summary>
    private bool LeaseExpired(RunRecord run) =>
        services.Lease is { } lease
        && run.Owner is not null
        && run.State is not (RunState.Interrupted or RunState.NeedsInput)
        && services.Time.GetUtcNow() - (run.HeartbeatAt ?? run.CreatedAt) > lease;

    /// <summary>A command the dead process's agent waited on will never run: its question is closed, not left for someone to answer in vain.</summary>
    private async Task CloseCommandQuestionsAsync(string runId, RunJournal journal, CancellationToken ct)
    {
        foreach (var question in (await services.Store.ListApprovalsAsync(runId, ct)).Where(a => a.IsPending && a.Kind == ApprovalKind.Command))
        {
            const string Why = "the agent that asked is gone (its Baton process died)";
            if (await services.Store.AnswerAsync(question.Id, ApprovalAnswer.Denied, "baton", services.Time.GetUtcNow(), Why, ct) is { Answered: true })
            {
                journal.Emit(question.Stage, new ApprovalAnsweredData { Id = question.Id, Answer = ApprovalAnswer.Denied.WireName(), By = "baton", Note = Why });
            }
        }
    }

    /// <summary>
    /// Tasks marked running with no live run. One whose run already ended (after the task was claimed) takes the run's
    /// outcome as soon as the process that ended the run cannot move the task itself any more; one claimed with no run
    /// goes back to the queue as soon as its claimer is known dead, else once it has been that way longer than any claim takes.
    /// </summary>
    private async Task RequeueOrphanedTasksAsync(IReadOnlyList<RunRecord> unfinished, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        // Recovery runs at every turn of the queue: a task with a live run (nearly every running task) is known from the
        // list already read, without a query of its own.
        var live = unfinished.Select(r => r.TaskId).ToHashSet(StringComparer.Ordinal);
        foreach (var task in await services.Store.ListTasksAsync(new TaskQuery([TaskState.Running], 10_000), ct))
        {
            if (live.Contains(task.Id))
            {
                continue;
            }

            var runs = await services.Store.ListRunsForTaskAsync(task.Id, ct);
            if (!runs.All(r => r.State.IsTerminal()))
            {
                continue;
            }

            if (runs.MaxBy(r => r.Number) is { FinishedAt: { } ended } last && ended >= task.UpdatedAt)
            {
                if (!FinisherDone(last, ended, now))
                {
                    continue;
                }

                // The run ended after the task was claimed, and its process stopped before it moved the task: the task
                // takes the run's outcome now (a succeeded run is never done again). Compare-and-set: a finisher that
                // still moves it first wins, and this changes nothing.
                var to = RunFinisher.TaskStateAfter(task, last.State, last.Reason);
                await _tasks.MoveAsync(new TaskChange
                {
                    TaskId = task.Id,
                    To = to,
                    Expected = [TaskState.Running],
                    Reason = $"its run {last.Id} ended {last.State.WireName()} before Baton stopped; the task takes that outcome",
                    NotBefore = to == TaskState.Waiting ? now + RunFinisher.TaskRetryDelay(task) : null,
                    At = now,
                }, ct);
                continue;
            }

            // A live claimer writes its run right after the claim (RunStarter, QueueWorker), so only a stalled store call
            // keeps it waiting; the bound outlasts such a stall. A claimer known dead never writes it: its claim goes back
            // at once. Compare-and-set: a claimer that writes its run and moves on meanwhile wins.
            if (ClaimLost(task, unfinished, now) is not { } why)
            {
                continue;
            }

            await _tasks.MoveAsync(new TaskChange
            {
                TaskId = task.Id,
                To = TaskState.Queued,
                Expected = [TaskState.Running],
                Reason = $"its claim was lost ({why}, before its run started); queued again",
                At = now,
            }, ct);
        }
    }

    /// <summary>
    /// Why a running task's claim with no run is lost, or null while its claimer may still write the run: its claimer's
    /// process is gone (this host); on a shared store, the claim is older than a lease and the claimer's node has not
    /// renewed the lease of any run it holds for as long; or — claimer alive, unknown (a claim recorded before claimers
    /// were), or another host's — the claim is older than <see cref="OrphanAfter"/>.
    /// </summary>
    private string? ClaimLost(TaskItem task, IReadOnlyList<RunRecord> unfinished, DateTimeOffset now)
    {
        var claimedAt = task.Claim?.At ?? task.UpdatedAt;
        if (now - claimedAt >= OrphanAfter)
        {
            return task.Claim is { } old ? $"its claimer {RunExecutor.NodeName(old.By)} did not start it within {OrphanAfter.TotalSeconds:0} s" : "Baton stopped";
        }

        return task.Claim switch
        {
            null => null,
            { By: var by } when by.Host == services.ProcessControl.CurrentOwner.Host =>
                services.ProcessControl.IsAlive(by) ? null : $"its claimer, process {by.Pid} on {by.Host}, is gone",
            { By: var by } => services.Lease is { } lease
                && now - claimedAt > lease
                && !unfinished.Any(r => r.Owner == by && now - (r.HeartbeatAt ?? r.CreatedAt) <= lease)
                    ? $"its claimer, node {RunExecutor.NodeName(by)}, has not renewed a lease for {lease.TotalSeconds:0.#} s"
                    : null,
        };
    }

    /// <summary>
    /// Whether the process that ended <paramref name="run"/> can no longer move its task: its process is gone (this
    /// host), its lease ran out (a shared store), or — owner alive or unknown — a finisher moves its task within moments
    /// of the run's end, so past <see cref="FinisherGrace"/> its move was lost.
    /// </summary>
    private bool FinisherDone(RunRecord run, DateTimeOffset ended, DateTimeOffset now)
    {
        if (now - ended >= FinisherGrace)
        {
            return true;
        }

        return run.Owner switch
        {
            null => false,
            { } owner when owner.Host == services.ProcessControl.CurrentOwner.Host => !services.ProcessControl.IsAlive(owner),
            _ => LeaseExpired(run),
        };
    }

    private async Task MarkStagesAsync(string runId, CancellationToken ct)
    {
        foreach (var stage in (await services.Store.ListStagesAsync(runId, ct)).Where(s => s.State == StageState.Running))
        {
            await services.Store.UpsertStageAsync(stage with { State = StageState.Pending, Error = "interrupted" }, ct);
        }
    }
}
