using Baton.Core.Events.Data;
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
        Data = new TaskQueuedData
        {
            Title = task.Title,
            State = task.State,
            Source = task.Source,
            Requester = task.Requester,
            Priority = task.Priority,
            Pipeline = task.Pipeline,
            Project = task.Project,
            By = by.ToString(),
        },
    };

    public static RunEvent StateChanged(string taskId, TaskState from, TaskState to, string? reason, Actor by, DateTimeOffset at) => new()
    {
        Ts = Millis.Truncate(at),
        TaskId = taskId,
        Data = new TaskStateData { State = to, From = from, Reason = reason, By = by.ToString() },
    };
}
