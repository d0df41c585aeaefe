using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Testing;

namespace Baton.Store.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, 123, TimeSpan.Zero);

    /// <summary>The process that claims tasks in tests where who claimed does not matter.</summary>
    public static readonly RunOwner Claimer = new("claimer-host", 4321, 5_000_005);

    public static TaskItem NewTask(string id, int priority = 0, TimeSpan? createdAfter = null, params string[] dependsOn) => new()
    {
        Id = id,
        Title = $"Task {id}",
        Prompt = $"Do {id}",
        Priority = priority,
        DependsOn = dependsOn,
        CreatedAt = T0 + (createdAfter ?? TimeSpan.Zero),
        UpdatedAt = T0 + (createdAfter ?? TimeSpan.Zero),
    };

    public static RunRecord NewRun(string id, string taskId, int number = 1) => new()
    {
        Id = id,
        TaskId = taskId,
        Number = number,
        Pipeline = "default",
        CreatedAt = T0.AddSeconds(number),
    };

    public static RunEvent NewEvent(string runId, long seq, EventType type = EventType.AgentCommand, string? stage = "build", string taskId = "t1") => new()
    {
        Seq = seq,
        Ts = T0.AddMilliseconds(seq),
        TaskId = taskId,
        RunId = runId,
        Stage = stage,
        Data = EventFields.Of(type, new JsonObject { ["command"] = "ls -la", ["exit_code"] = 0, ["n"] = seq }),
    };

    public static List<RunEvent> NewEvents(string runId, long firstSeq, int count, string taskId = "t1") =>
        Enumerable.Range(0, count).Select(i => NewEvent(runId, firstSeq + i, taskId: taskId)).ToList();

    /// <summary>A legal path from <c>queued</c> to each state, so tests reach a state the way Baton does.</summary>
    public static IReadOnlyList<TaskState> PathTo(TaskState state) => state switch
    {
        TaskState.Queued => [],
        TaskState.Waiting or TaskState.Running or TaskState.Failed or TaskState.Cancelled => [state],
        TaskState.Gating or TaskState.Paused or TaskState.NeedsInput or TaskState.Succeeded or TaskState.Escalated =>
            [TaskState.Running, state],
    };

    /// <summary>
    /// Adds <paramref name="task"/> (queued) and walks it to <paramref name="state"/> through legal transitions at its
    /// creation time; the last step sets <paramref name="reason"/> and <paramref name="notBefore"/>. Returns the stored task.
    /// </summary>
    public static async Task<TaskItem> AddInStateAsync(
        ITaskStore store, TaskItem task, TaskState state, DateTimeOffset? notBefore = null, string? reason = null)
    {
        var stored = (await store.AddTaskAsync(task with { State = TaskState.Queued }, Actor.Baton, CancellationToken.None)).Task;
        var path = PathTo(state);
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            var change = new TaskChange
            {
                TaskId = task.Id,
                To = path[i],
                At = task.CreatedAt,
                Reason = last ? reason : null,
                NotBefore = last ? notBefore : null,
            };
            stored = (await store.TransitionTaskAsync(change, CancellationToken.None))!.Task;
        }

        return stored;
    }
}
