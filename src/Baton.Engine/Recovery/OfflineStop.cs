using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Engine.Journal;

namespace Baton.Engine.Recovery;

/// <summary>Stops a run nobody is executing (interrupted, or its owner died): leftovers killed, run ended as stopped.</summary>
public sealed class OfflineStop(EngineServices services)
{
    public async Task<bool> StopAsync(RunRecord run, string message, TaskState taskState, CancellationToken ct)
    {
        if (!await services.Store.TryTakeOwnershipAsync(run.Id, run.Owner, services.ProcessControl.CurrentOwner, ct))
        {
            return false;
        }

        await new RunRecovery(services).KillLeftoversAsync(run.Id, ct);
        var now = services.Time.GetUtcNow();
        foreach (var stage in (await services.Store.ListStagesAsync(run.Id, ct)).Where(s => s.State is StageState.Running or StageState.Pending))
        {
            await services.Store.UpsertStageAsync(stage with { State = StageState.Failed, Error = "stopped", FinishedAt = now }, ct);
        }

        var stopped = run with { State = RunState.Stopped, Reason = RunReason.Stopped, Message = message, FinishedAt = now, Owner = null, CurrentStage = null };
        await services.Store.UpdateRunAsync(stopped, ct);
        await using (var files = services.Files.Open(run.TaskId, run.Id))
        {
            await using (var journal = await RunJournal.OpenAsync(run.TaskId, run.Id, services.Store, files, services.Time, ct))
            {
                journal.Emit(EventType.RunFinished, null, new JsonObject
                {
                    ["state"] = RunState.Stopped.WireName(),
                    ["reason"] = RunReason.Stopped.WireName(),
                    ["message"] = message,
                    ["branch"] = run.Branch,
                    ["task_state"] = taskState.WireName(),
                });
            }

            await files.WriteResultAsync(new { TaskId = run.TaskId, RunId = run.Id, Status = RunState.Stopped, Reason = RunReason.Stopped, Message = message, run.Branch, run.Workspace, FinishedAt = now }, ct);
        }

        if (await services.Store.GetTaskAsync(run.TaskId, ct) is { } task)
        {
            await services.Store.UpdateTaskAsync(task with { State = taskState, Reason = message, UpdatedAt = now }, ct);
        }

        return true;
    }
}
