using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>The task queue. Every method is atomic; nothing is half-written.</summary>
public interface ITaskStore
{
    Task AddTaskAsync(TaskItem task, CancellationToken ct);

    /// <summary>Adds the task unless one with the same <see cref="TaskItem.ExternalKey"/> exists; returns the stored task and whether it was new.</summary>
    Task<(TaskItem Task, bool Created)> AddTaskIfNewAsync(TaskItem task, CancellationToken ct);

    Task<TaskItem?> GetTaskAsync(string id, CancellationToken ct);

    Task<TaskItem?> FindTaskByExternalKeyAsync(string externalKey, CancellationToken ct);

    Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, CancellationToken ct);

    Task UpdateTaskAsync(TaskItem task, CancellationToken ct);

    /// <summary>
    /// Takes the best ready task (queued or waiting past its back-off, every dependency succeeded), marks it running
    /// and returns it; null when none is ready. Two callers never get the same task.
    /// </summary>
    Task<TaskItem?> ClaimNextTaskAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Marks failed every waiting/queued task with a dependency that can no longer succeed; returns them.</summary>
    Task<IReadOnlyList<TaskItem>> FailBlockedTasksAsync(DateTimeOffset now, CancellationToken ct);
}
