using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Engine.Journal;
using Baton.Engine.Manifest;
using Baton.Engine.Supervision;

namespace Baton.Engine.Recovery;

/// <summary>
/// Ends a run nobody is executing (interrupted, parked, or its owner died): leftovers killed, run ended as stopped — or,
/// for a parked run a person denied, as failed (<c>approval_denied</c>).
/// </summary>
public sealed class OfflineStop(EngineServices services)
{
    /// <param name="taskState">Where the task goes (cancelled on a stop); null leaves it to the caller (a retry moves it itself).</param>
    /// <returns>False when another process took the run first.</returns>
    public async Task<bool> StopAsync(RunRecord run, string message, TaskState? taskState, Actor by, CancellationToken ct)
    {
        if (await services.Store.TryTakeOwnershipAsync(run.Id, run.Owner, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct) is not { } epoch)
        {
            return false;
        }

        await EndAsync(run, epoch, new OfflineEnd(RunState.Stopped, RunReason.Stopped, message, taskState), by, ct);
        return true;
    }

    /// <summary>Ends a run this process has just taken (<paramref name="epoch"/>) as <paramref name="end"/> says.</summary>
    public async Task EndAsync(RunRecord run, long epoch, OfflineEnd end, Actor by, CancellationToken ct)
    {
        var (state, reason, message, taskState) = end;

        await new ProcessSupervisor(services).EndLeftoversAsync(run.Id, ct);
        var now = services.Time.GetUtcNow();
        foreach (var stage in (await services.Store.ListStagesAsync(run.Id, ct)).Where(s => s.State is StageState.Running or StageState.Pending))
        {
            await services.Store.UpsertStageAsync(stage with { State = StageState.Failed, Error = reason.WireName().Replace('_', ' '), FinishedAt = now }, ct);
        }

        await using (var files = services.Files.Open(run.TaskId, run.Id))
        {
            await using (var journal = await RunJournal.OpenAsync(run.TaskId, run.Id, services.Store, files, services.Time, ct))
            {
                journal.Emit(null, new RunFinishedData
                {
                    State = state,
                    Reason = reason,
                    Message = message,
                    Branch = run.Branch,
                    TaskState = taskState,
                    By = by.ToString(),
                });
            }

            var gates = await services.Store.ListGateResultsAsync(run.Id, ct);
            var result = new RunResultDocument(run.TaskId, run.Id, state, reason, message, run.Branch, run.Workspace,
                null, [], gates, gates.Select(g => g.Attempt).DefaultIfEmpty(1).Max(), run.StartedAt, now);
            await files.WriteResultAsync(result, EngineJson.Files.RunResultDocument, ct);
        }

        await services.Store.TransitionRunAsync(new RunChange
        {
            RunId = run.Id,
            Epoch = epoch,
            To = state,
            Reason = reason,
            Message = message,
            FinishedAt = now,
            ClearCurrentStage = true,
            ReleaseOwner = true,
        }, ct);
        if (taskState is { } to)
        {
            await new Tasks.TaskLedger(services).MoveAsync(new TaskChange
            {
                TaskId = run.TaskId,
                To = to,
                Expected = [TaskState.Running, TaskState.Gating, TaskState.Paused, TaskState.NeedsInput],
                Reason = message,
                By = by,
                At = now,
            }, ct);
        }
    }
}

/// <summary>How a run ended offline: its final state and reason, the message, and where its task goes (null: the caller moves it).</summary>
public sealed record OfflineEnd(RunState State, RunReason Reason, string Message, TaskState? TaskState);
