using System.Text.Json.Nodes;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Core.Events;

/// <summary>The task-level events (no run, no seq), built the same way by every store.</summary>
public static class TaskEvents
{
    public static RunEvent Queued(TaskItem task, Actor by) => new()
    {
        Ts = Millis.Truncate(task.CreatedAt),
        TaskId = task.Id,
        Type = EventType.TaskQueued,
        Data = new JsonObject
        {
            ["title"] = task.Title,
            ["state"] = task.State.WireName(),
            ["source"] = task.Source.WireName(),
            ["requester"] = task.Requester,
            ["priority"] = task.Priority,
            ["pipeline"] = task.Pipeline,
            ["project"] = task.Project,
            ["by"] = by.ToString(),
        },
    };

    public static RunEvent StateChanged(string taskId, TaskState from, TaskState to, string? reason, Actor by, DateTimeOffset at) => new()
    {
        Ts = Millis.Truncate(at),
        TaskId = taskId,
        Type = EventType.TaskState,
        Data = new JsonObject
        {
            ["state"] = to.WireName(),
            ["from"] = from.WireName(),
            ["reason"] = reason,
            ["by"] = by.ToString(),
        },
    };
}
