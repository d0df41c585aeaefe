namespace Baton.Core.Model;

/// <summary>Where a task stands in the queue. Serialized snake_case (<c>needs_input</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<TaskState>))]
public enum TaskState
{
    Queued,
    Waiting,
    Running,
    Gating,
    Paused,
    NeedsInput,
    Succeeded,
    Failed,
    Cancelled,
    Escalated,
}
