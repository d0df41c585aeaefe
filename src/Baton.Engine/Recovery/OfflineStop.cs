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

/// <summary>Stops a run nobody is executing (interrupted, parked, or its owner died): leftovers killed, run ended as stopped.</summary>
public sealed class OfflineStop(EngineServices services)
{
    /// <param name="taskState">Where the task goes (cancelled on a stop); null leaves it to the caller (a retry moves it itself).</param>
    /// <returns>False when another process took the run first.</returns>
    public async Task<bool> StopAsync(RunRecord run, string message, TaskState? taskState, Actor by, CancellationToken ct)
    {
        if (await services.Store.TryTakeOwnershipAsync(run.Id, run.Owner, services.ProcessControl.CurrentOwner, ct) is not { } epoch)
        {
            return false;
        }

        await new ProcessSupervisor(services).EndLeftoversAsync(run.Id, ct);
        var now = services.Time.GetUtcNow();
        foreach (var stage in (await services.Store.ListStagesAsync(run.Id, ct)).Where(s => s.State is StageState.Running or StageState.Pending))
        {
            await services.Store.UpsertStageAsync(stage with { State = StageState.Failed, Error = "stopped", FinishedAt = now }, ct);
        }

        await using (var files = services.Files.Open(run.TaskId, run.Id))
        {
            await using (var journal = await RunJournal.OpenAsync(run.TaskId, run.Id, services.Store, files, services.Time, ct))
            {
                journal.Emit(null, new RunFinishedData
                {
                    State = RunState.Stopped,
                    Reason = RunReason.Stopped,
                    Message = message,
                    Branch = run.Branch,
                    TaskState = taskState,
                    By = by.ToString(),
                });
            }

            var gates = await services.Store.ListGateResultsAsync(run.Id, ct);
            var result = new RunResultDocument(run.TaskId, run.Id, RunState.Stopped, RunReason.Stopped, message, run.Branch, run.Workspace,
                null, [], gates, gates.Select(g => g.Attempt).DefaultIfEmpty(1).Max(), run.StartedAt, now);
            await files.WriteResultAsync(result, EngineJson.Files.RunResultDocument, ct);
        }

        await services.Store.TransitionRunAsync(new RunChange
        {
            RunId = run.Id,
            Epoch = epoch,
            To = RunState.Stopped,
            Reason = RunReason.Stopped,
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

        return true;
    }
}
