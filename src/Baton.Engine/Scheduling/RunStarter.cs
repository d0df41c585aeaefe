using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Execution;

namespace Baton.Engine.Scheduling;

/// <summary>Turns a claimed task into a new run owned by this process, and executes it.</summary>
public sealed class RunStarter(EngineServices services)
{
    private readonly RunExecutor _executor = new(services);

    /// <summary>Creates the run record (counted on its task) for a task that is already marked running.</summary>
    public async Task<RunRecord> CreateRunAsync(TaskItem task, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        var project = RunSetup.Project(services.Config, task.Project);
        var run = new RunRecord
        {
            Id = Ids.NewRunId(),
            TaskId = task.Id,
            Number = task.Attempts + 1,
            Pipeline = task.Pipeline ?? project.Pipeline,
            Project = project.Key,
            Owner = services.ProcessControl.CurrentOwner,
            CreatedAt = now,
            HeartbeatAt = now,
        };
        return await services.Store.AddRunAsync(run, ct);
    }

    /// <summary>Starts a new run of a task, claiming it first if it is still on the queue.</summary>
    public async Task<RunOutcome> StartAsync(TaskItem task, IRunObserver? observer, CancellationToken shutdown)
    {
        await new Tasks.TaskLedger(services).MoveAsync(new TaskChange
        {
            TaskId = task.Id,
            To = TaskState.Running,
            Expected = [TaskState.Queued, TaskState.Waiting],
            Reason = "claimed",
            Claimer = services.ProcessControl.CurrentOwner,
            At = services.Time.GetUtcNow(),
        }, CancellationToken.None);
        var run = await CreateRunAsync(task, CancellationToken.None);
        return await _executor.ExecuteAsync(run.Id, observer, shutdown);
    }

    /// <summary>Continues a run this process has just taken ownership of.</summary>
    public Task<RunOutcome> ContinueAsync(string runId, IRunObserver? observer, CancellationToken shutdown) =>
        _executor.ExecuteAsync(runId, observer, shutdown);
}
