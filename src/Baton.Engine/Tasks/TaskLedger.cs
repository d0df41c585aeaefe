using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Execution;

namespace Baton.Engine.Tasks;

/// <summary>
/// The only way the engine changes a task: each write goes to the store (which checks the transition table and appends
/// the task event in the same transaction), then the event is mirrored to the task's <c>events.ndjson</c>.
/// </summary>
public sealed class TaskLedger(EngineServices services)
{
    public async Task<TaskAdded> AddAsync(TaskItem task, Actor by, CancellationToken ct)
    {
        var added = await services.Store.AddTaskAsync(task, by, ct);
        if (added.Event is { } queued)
        {
            await MirrorAsync(task.Id, [queued]);
        }

        return added;
    }

    /// <summary>Applies the change; null when the task was not in an expected state (nothing changed).</summary>
    public async Task<TaskItem?> MoveAsync(TaskChange change, CancellationToken ct)
    {
        var moved = await services.Store.TransitionTaskAsync(change, ct);
        if (moved is null)
        {
            return null;
        }

        await MirrorAsync(moved.Task.Id, [moved.Event]);
        return moved.Task;
    }

    /// <summary>Claims the next ready task for this process (recorded on the task as its claimer).</summary>
    public async Task<TaskItem?> ClaimNextAsync(CancellationToken ct)
    {
        var claimed = await services.Store.ClaimNextTaskAsync(services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct);
        if (claimed is null)
        {
            return null;
        }

        await MirrorAsync(claimed.Task.Id, [claimed.Event]);
        return claimed.Task;
    }

    public async Task<IReadOnlyList<TaskItem>> FailBlockedAsync(CancellationToken ct)
    {
        var failed = await services.Store.FailBlockedTasksAsync(services.Time.GetUtcNow(), ct);
        foreach (var moved in failed)
        {
            await MirrorAsync(moved.Task.Id, [moved.Event]);
        }

        return failed.Select(m => m.Task).ToList();
    }

    private Task MirrorAsync(string taskId, IReadOnlyList<RunEvent> events) =>
        services.Files.AppendTaskEventsAsync(taskId, events, CancellationToken.None);
}
