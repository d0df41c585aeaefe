using Baton.Core.Model;

namespace Baton.Core.Events.Data;

/// <summary><c>task.queued</c>: a task was stored (task-level, no run).</summary>
public sealed record TaskQueuedData() : EventData(EventType.TaskQueued)
{
    public required string Title { get; init; }
    public required TaskState State { get; init; }
    public TaskSource? Source { get; init; }
    public string? Requester { get; init; }
    public int Priority { get; init; }
    public string? Pipeline { get; init; }
    public string? Project { get; init; }
    public string? By { get; init; }
}

/// <summary><c>task.state</c>: a task moved from one state to another, and who moved it.</summary>
public sealed record TaskStateData() : EventData(EventType.TaskState)
{
    public required TaskState State { get; init; }
    public TaskState? From { get; init; }
    public string? Reason { get; init; }
    public string? By { get; init; }
}
