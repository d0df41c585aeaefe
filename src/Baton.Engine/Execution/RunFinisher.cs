using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Logging;
using Baton.Engine.Manifest;

namespace Baton.Engine.Execution;

/// <summary>Moves a run between states, and ends it: result, manifest, task state, final event — in that durable order.</summary>
public sealed class RunFinisher(EngineServices services)
{
    /// <summary>While a run ends, its task moves only from a state a live run leaves it in; anything else was a person's doing.</summary>
    private static readonly TaskState[] WhileRunning = [TaskState.Running, TaskState.Gating, TaskState.NeedsInput, TaskState.Paused];

    private readonly Tasks.TaskLedger _tasks = new(services);

    public async Task SetStateAsync(RunContext ctx, RunState state, string? message = null)
    {
        ctx.Run = await services.Store.TransitionRunAsync(new RunChange { RunId = ctx.Run.Id, Epoch = ctx.Run.Epoch, To = state, Message = message }, CancellationToken.None);
        // No flush and no manifest here: this sits on the path from a claimed task to its agent starting. The next
        // stage.started flushes, and the manifest is rewritten after every stage and at the end.
        ctx.Journal.Emit(null, RunStateData.Of(state, ctx.Attempt, message));
    }

    /// <summary>Ends a run whose work was cancelled: stopped, timed out, or interrupted (resumable) by a shutdown.</summary>
    public async Task<RunOutcome> CancelledAsync(RunContext ctx)
    {
        if (ctx.Cancellation.Cause == CancelCause.LeaseLost)
        {
            return Lost(ctx, ctx.Cancellation.Detail ?? "another node took the run over");
        }

        if (ctx.Cancellation.Cause == CancelCause.Park && ctx.PendingPark is { } ask)
        {
            return await new Oversight.RunParking(services).ParkAsync(ctx, ask);
        }

        await MarkRunningStagesAsync(ctx, ctx.Cancellation.Cause is CancelCause.Interrupt or CancelCause.Park);
        return ctx.Cancellation.Cause switch
        {
            CancelCause.Stop => await FinishAsync(ctx, RunState.Stopped, RunReason.Stopped, "stopped on request"),
            CancelCause.Timeout => await FinishAsync(ctx, RunState.Failed, RunReason.Timeout,
                $"run exceeded policy.limits.run_timeout ({services.Config.Policy.RunTimeout})"),
            CancelCause.Budget => await FinishAsync(ctx, RunState.Failed, RunReason.BudgetExceeded, ctx.Budget?.Describe() ?? "the task's budget is spent"),
            CancelCause.Limit => await FinishAsync(ctx, RunState.Failed, RunReason.LimitExceeded, ctx.Cancellation.Detail ?? "the run went over a policy limit"),
            CancelCause.Policy => await FinishAsync(ctx, RunState.Failed, RunReason.PolicyViolation, ctx.Cancellation.Detail ?? "an agent ran what the policy forbids"),
            CancelCause.Interrupt or CancelCause.None or CancelCause.Park => await InterruptedAsync(ctx, "Baton was interrupted; `baton resume` continues the run"),
            CancelCause.LeaseLost => Lost(ctx, ctx.Cancellation.Detail ?? "another node took the run over"),
        };
    }

    /// <summary>
    /// This node lost the run to another: its processes are ended (the cancellation did that) and it writes nothing —
    /// no state, no stage, no event, no manifest — since the run belongs to the node that took it.
    /// </summary>
    public static RunOutcome Lost(RunContext ctx, string why)
    {
        ctx.Cancellation.Cancel(CancelCause.LeaseLost, why);
        ctx.Journal.Discard();
        return new RunOutcome(ctx.Task.Id, ctx.Run.Id, RunState.Interrupted, RunReason.Lost, $"this node lost the run: {why}");
    }

    /// <summary>
    /// The store failed under the run (an outage longer than its retries, a commit the server cut): whether that write
    /// happened is unknown, and the journal will not write again. Nothing says the work failed, so the run is handed
    /// back — interrupted, owner released, under a new epoch so the old journal can write nothing more — and any node
    /// resumes it from its last finished stage. Null when another node took it meanwhile.
    /// </summary>
    public async Task<RunOutcome?> HandBackAfterOutageAsync(RunContext ctx, string message)
    {
        ctx.Journal.Discard();
        var me = services.ProcessControl.CurrentOwner;
        if (await services.Store.TryTakeOwnershipAsync(ctx.Run.Id, me, me, services.Time.GetUtcNow(), CancellationToken.None) is not { } epoch)
        {
            return null;
        }

        ctx.Run = await services.Store.TransitionRunAsync(new RunChange
        {
            RunId = ctx.Run.Id,
            Epoch = epoch,
            To = RunState.Interrupted,
            Reason = RunReason.Interrupted,
            Message = message,
            ReleaseOwner = true,
        }, CancellationToken.None);
        await using (var journal = await Journal.RunJournal.OpenAsync(ctx.Task.Id, ctx.Run.Id, services.Store, ctx.Files, services.Time, CancellationToken.None))
        {
            journal.Fence = epoch;
            journal.Emit(null, RunStateData.Of(RunState.Interrupted, message: message));
            await journal.FlushAsync(CancellationToken.None);
        }

        await UpdateTaskAsync(ctx, TaskState.Paused, message);
        return new RunOutcome(ctx.Task.Id, ctx.Run.Id, RunState.Interrupted, RunReason.Interrupted, message);
    }

    public async Task<RunOutcome> InterruptedAsync(RunContext ctx, string message)
    {
        ctx.Journal.Emit(null, RunStateData.Of(RunState.Interrupted, message: message));
        await ctx.Journal.FlushAsync(CancellationToken.None);
        ctx.Run = await services.Store.TransitionRunAsync(new RunChange
        {
            RunId = ctx.Run.Id,
            Epoch = ctx.Run.Epoch,
            To = RunState.Interrupted,
            Reason = RunReason.Interrupted,
            Message = message,
            ReleaseOwner = true,
        }, CancellationToken.None);
        await UpdateTaskAsync(ctx, TaskState.Paused, message);
        await WriteManifestAsync(ctx);
        return new RunOutcome(ctx.Task.Id, ctx.Run.Id, RunState.Interrupted, RunReason.Interrupted, message);
    }

    public async Task<RunOutcome> FinishAsync(RunContext ctx, RunState state, RunReason reason, string? message)
    {
        IReadOnlyList<string> changed = [];
        if (ctx.Workspace is { } workspace)
        {
            changed = await services.Workspaces.ChangedFilesAsync(workspace, CancellationToken.None);
            await services.Workspaces.PublishAsync(workspace, CancellationToken.None);
            try
            {
                // Turns were pushed as they were committed; this carries anything left (commits kept from before a restart).
                await BranchPush.PushAsync(services, ctx, null, CancellationToken.None);
            }
            catch (WorkspaceException ex)
            {
                EngineLog.FinalPushFailed(services.Logs.CreateLogger(EngineLog.Category), ctx.Run.Id, workspace.Branch, ex);
            }
        }

        // The run ends once its result (files changed, branch published) is known.
        var now = services.Time.GetUtcNow();

        ctx.Run = ctx.Run with { State = state, Reason = reason, Message = message, FinishedAt = now, CurrentStage = null };
        EngineLog.RunEnded(services.Logs.CreateLogger(EngineLog.Category), ctx.Run.Id, state.ToString(), message ?? reason.ToString());
        var final = new RunChange
        {
            RunId = ctx.Run.Id,
            Epoch = ctx.Run.Epoch,
            To = state,
            Reason = reason,
            Message = message,
            FinishedAt = now,
            ClearCurrentStage = true,
        };
        // On a shared store any node may sync the run from the stored copies of its manifest and result the moment its
        // run.finished commits, so the manifest says how it ended before that (a single node reads its own files later).
        if (services.Lease is not null)
        {
            await WriteManifestAsync(ctx);
        }

        await ctx.Files.WriteResultAsync(RunResultDocument.From(ctx, changed), EngineJson.Files.RunResultDocument, CancellationToken.None);
        var taskState = TaskStateAfter(ctx.Task, state, reason);
        ctx.Journal.Emit(null, new RunFinishedData
        {
            State = state,
            Reason = reason,
            Message = message,
            Branch = ctx.Run.Branch,
            FilesChanged = changed,
            TaskState = taskState,
        });
        // Events first, then the terminal state: whoever sees the run ended (logs --follow, status) finds every event.
        await ctx.Journal.FlushAsync(CancellationToken.None);
        ctx.Run = await services.Store.TransitionRunAsync(final, CancellationToken.None);
        await UpdateTaskAsync(ctx, taskState, message, taskState == TaskState.Waiting ? now + TaskRetryDelay(ctx.Task) : null);
        await WriteManifestAsync(ctx);
        return new RunOutcome(ctx.Task.Id, ctx.Run.Id, state, reason, message);
    }

    /// <summary>What a task becomes when its run ends in <paramref name="state"/> for <paramref name="reason"/>.</summary>
    /// <remarks>
    /// A person's denial (or an escalation) ends the task: retrying would only ask the same question again. A spent
    /// budget ends the task too: another run would spend more.
    /// </remarks>
    public static TaskState TaskStateAfter(TaskItem task, RunState state, RunReason? reason) => reason switch
    {
        RunReason.Escalated or RunReason.ApprovalDenied => TaskState.Escalated,
        RunReason.BudgetExceeded or RunReason.PolicyViolation or RunReason.LimitExceeded => TaskState.Failed,
        _ => NextTaskState(task, state),
    };

    /// <summary>A failed run with task attempts left puts the task back as <c>waiting</c>, to be retried after a back-off.</summary>
    private static TaskState NextTaskState(TaskItem task, RunState runState) => runState switch
    {
        RunState.Succeeded => TaskState.Succeeded,
        RunState.Stopped => TaskState.Cancelled,
        RunState.Failed when task.Attempts < task.MaxAttempts => TaskState.Waiting,
        RunState.Failed => TaskState.Failed,
        RunState.Interrupted => TaskState.Paused,
        RunState.NeedsInput => TaskState.NeedsInput,
        RunState.Preparing or RunState.Running or RunState.Gating or RunState.Reviewing => TaskState.Running,
    };

    public static TimeSpan TaskRetryDelay(TaskItem task) => StageExecutor.RetryDelay(TimeSpan.FromSeconds(5), Math.Max(1, task.Attempts));

    private async Task UpdateTaskAsync(RunContext ctx, TaskState state, string? reason, DateTimeOffset? notBefore = null)
    {
        // Null when the task is no longer where a live run leaves it: recovery already gave it this run's outcome (the
        // same state, so the move is done), or someone moved it while the run ended (cancelled it, say) and their change
        // stands. Neither is a failure of the run.
        _ = await _tasks.MoveAsync(new TaskChange
        {
            TaskId = ctx.Task.Id,
            To = state,
            Expected = WhileRunning,
            Reason = reason,
            NotBefore = notBefore,
            At = services.Time.GetUtcNow(),
        }, CancellationToken.None);
    }

    private async Task MarkRunningStagesAsync(RunContext ctx, bool interrupted)
    {
        var records = await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None);
        foreach (var record in records.Where(r => r.State == StageState.Running))
        {
            var error = interrupted ? "interrupted" : ctx.Cancellation.Cause switch
            {
                CancelCause.Stop => "stopped",
                CancelCause.Budget => "budget exceeded",
                CancelCause.Policy => "policy violation",
                CancelCause.Limit => "limit exceeded",
                _ => "run timed out",
            };
            await services.Store.UpsertStageAsync(record with { State = interrupted ? StageState.Pending : StageState.Failed, Error = error, FinishedAt = services.Time.GetUtcNow() }, ctx.Run.Epoch, CancellationToken.None);
            ctx.Journal.Emit(record.StageId, new StageFinishedData { Status = interrupted ? "interrupted" : "failed", Error = error, Attempt = record.Attempt });
        }
    }

    public async Task WriteManifestAsync(RunContext ctx)
    {
        var stages = await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None);
        await ctx.Files.WriteManifestAsync(RunManifestDocument.From(services, ctx, stages), EngineJson.Files.RunManifestDocument, CancellationToken.None);
    }
}
