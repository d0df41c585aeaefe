using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;

namespace Baton.Store.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, 123, TimeSpan.Zero);

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

    public static RunEvent NewEvent(string runId, long seq, EventType type = EventType.AgentCommand, string? stage = "build") => new()
    {
        Seq = seq,
        Ts = T0.AddMilliseconds(seq),
        TaskId = "t1",
        RunId = runId,
        Stage = stage,
        Type = type,
        Data = new JsonObject { ["command"] = "ls -la", ["exit_code"] = 0, ["n"] = seq },
    };

    public static List<RunEvent> NewEvents(string runId, long firstSeq, int count) =>
        Enumerable.Range(0, count).Select(i => NewEvent(runId, firstSeq + i)).ToList();
}
